/* Stand-in for Windows' bcryptprimitives.dll, for running renda's Windows build under Wine
   only.

   Why it exists: the Rust extension of `cryptography` (the encrypted county packages)
   imports ProcessPrng from bcryptprimitives.dll, which Windows 10 has and Wine 8 lacks, so
   the extension fails to load. ProcessPrng here fills the buffer from BCryptGenRandom with
   the system's preferred generator, which Wine implements: the randomness is real.

   Never shipped: it is compiled by build_scripts/windows_under_wine.py into the Wine prefix's
   system32 folder, where PyInstaller counts it as a system DLL and leaves it out of the
   bundle (the script checks that the bundle holds no bcryptprimitives.dll). A real Windows
   PC uses its own. */

#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size) {
    while (size > 0) {
        ULONG chunk = size > 0x40000000 ? 0x40000000 : (ULONG)size;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
            return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}
