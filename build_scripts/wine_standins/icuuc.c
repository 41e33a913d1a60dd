/* Stand-in for Windows' icuuc.dll, for running renda's Windows build under Wine only.

   Why it exists: Qt6Core.dll (PySide6 on Windows) imports 18 ucnv_* functions from the ICU
   that Windows 10 (1903 and later) ships as icuuc.dll. Wine 8 has no icuuc.dll, so
   Qt6Core.dll, and with it every PySide6 module, fails to load. These stand-ins only have
   to let the DLL load: ucnv_open opens no converter, and Qt then falls back to its own
   codecs (UTF-8, UTF-16, Latin-1 and the system code page), which is all renda uses.

   Never shipped: it is compiled by build_scripts/windows_under_wine.py into the Wine prefix's
   system32 folder, where PyInstaller counts it as a system DLL and leaves it out of the
   bundle (the script checks that the bundle holds no icuuc.dll). A real Windows PC uses
   its own icuuc.dll. */

#include <stddef.h>
#include <stdint.h>

#define EXPORT __declspec(dllexport)

typedef int UErrorCode;
typedef uint16_t UChar;
typedef struct UConverter UConverter;
typedef void *Callback;

enum { U_ZERO_ERROR = 0, U_FILE_ACCESS_ERROR = 4, U_UNSUPPORTED_ERROR = 16 };

static void fail(UErrorCode *status, UErrorCode code) {
    if (status && *status <= U_ZERO_ERROR) *status = code;
}

EXPORT UConverter *ucnv_open(const char *name, UErrorCode *status) {
    (void)name;
    fail(status, U_FILE_ACCESS_ERROR);
    return NULL;
}
EXPORT void ucnv_close(UConverter *c) { (void)c; }
EXPORT void ucnv_fromUnicode(UConverter *c, char **target, const char *targetLimit,
                             const UChar **source, const UChar *sourceLimit, int32_t *offsets,
                             int flush, UErrorCode *status) {
    (void)c; (void)target; (void)targetLimit; (void)source; (void)sourceLimit; (void)offsets;
    (void)flush;
    fail(status, U_UNSUPPORTED_ERROR);
}
EXPORT void ucnv_toUnicode(UConverter *c, UChar **target, const UChar *targetLimit,
                           const char **source, const char *sourceLimit, int32_t *offsets,
                           int flush, UErrorCode *status) {
    (void)c; (void)target; (void)targetLimit; (void)source; (void)sourceLimit; (void)offsets;
    (void)flush;
    fail(status, U_UNSUPPORTED_ERROR);
}
EXPORT const char *ucnv_getName(const UConverter *c, UErrorCode *status) {
    (void)c;
    fail(status, U_UNSUPPORTED_ERROR);
    return "";
}
EXPORT const char *ucnv_getStandardName(const char *name, const char *standard,
                                        UErrorCode *status) {
    (void)name; (void)standard; (void)status;
    return NULL;
}
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
EXPORT const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
EXPORT int8_t ucnv_getMaxCharSize(const UConverter *c) { (void)c; return 4; }
EXPORT void ucnv_reset(UConverter *c) { (void)c; }
EXPORT void ucnv_getFromUCallBack(const UConverter *c, Callback *action, const void **context) {
    (void)c;
    if (action) *action = NULL;
    if (context) *context = NULL;
}
EXPORT void ucnv_setFromUCallBack(UConverter *c, Callback action, const void *context,
                                  Callback *oldAction, const void **oldContext,
                                  UErrorCode *status) {
    (void)c; (void)action; (void)context;
    if (oldAction) *oldAction = NULL;
    if (oldContext) *oldContext = NULL;
    fail(status, U_UNSUPPORTED_ERROR);
}
EXPORT void ucnv_getToUCallBack(const UConverter *c, Callback *action, const void **context) {
    (void)c;
    if (action) *action = NULL;
    if (context) *context = NULL;
}
EXPORT void ucnv_setToUCallBack(UConverter *c, Callback action, const void *context,
                                Callback *oldAction, const void **oldContext,
                                UErrorCode *status) {
    (void)c; (void)action; (void)context;
    if (oldAction) *oldAction = NULL;
    if (oldContext) *oldContext = NULL;
    fail(status, U_UNSUPPORTED_ERROR);
}
EXPORT void ucnv_cbFromUWriteUChars(void *args, const UChar **source, const UChar *sourceLimit,
                                    int32_t offsetIndex, UErrorCode *status) {
    (void)args; (void)source; (void)sourceLimit; (void)offsetIndex;
    fail(status, U_UNSUPPORTED_ERROR);
}
EXPORT void ucnv_cbToUWriteUChars(void *args, const UChar *source, int32_t length,
                                  int32_t offsetIndex, UErrorCode *status) {
    (void)args; (void)source; (void)length; (void)offsetIndex;
    fail(status, U_UNSUPPORTED_ERROR);
}
EXPORT int32_t ucnv_fromUCountPending(const UConverter *c, UErrorCode *status) {
    (void)c; (void)status;
    return 0;
}
EXPORT int32_t ucnv_toUCountPending(const UConverter *c, UErrorCode *status) {
    (void)c; (void)status;
    return 0;
}
