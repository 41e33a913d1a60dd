"""The rules of access, in one place: the roles and what each may do.

管理员 may do everything; 经办 keeps the records (everything but managing users and the
login settings); 查看 reads only, with sensitive fields (ID number, phone, address) masked.
A permission is checked by `office.access.require(permission)`; writes are checked for
every transaction by the facade (`Office.transaction`)."""

from __future__ import annotations

from app.core.errors import ValidationError

ADMIN = "admin"
CLERK = "clerk"
VIEWER = "viewer"

ROLE_LABELS = {ADMIN: "管理员", CLERK: "经办", VIEWER: "查看"}
ROLE_HELP = {
    ADMIN: "全部功能，包括管理用户、登录设置",
    CLERK: "录入和修改各项记录、导出、报送，不能管理用户",
    VIEWER: "只能查看，身份证号码、电话、住址部分隐藏，不能修改和导出敏感信息",
}

# Permissions: what a role may do besides reading.
WRITE = "write"  # add, change or delete records, settings
REVEAL = "reveal"  # see a full ID number, phone or address
EXPORT_SENSITIVE = "export_sensitive"  # an export or printout with sensitive fields in full
PACKAGE = "package"  # make or import a county package
AUDIT = "audit"  # read the audit trail and the recycle bin
RESTORE = "restore"  # bring back a deleted record from the recycle bin
USERS = "users"  # manage users, login and lock settings

PERMISSION_LABELS = {
    WRITE: "修改数据",
    REVEAL: "查看完整的身份证号码、电话和住址",
    EXPORT_SENSITIVE: "导出或打印完整的敏感信息",
    PACKAGE: "生成或导入报送包",
    AUDIT: "查看操作记录",
    RESTORE: "从回收站恢复记录",
    USERS: "管理用户和登录设置",
}

RULES: dict[str, frozenset[str]] = {
    ADMIN: frozenset(PERMISSION_LABELS),
    CLERK: frozenset({WRITE, REVEAL, EXPORT_SENSITIVE, PACKAGE, AUDIT, RESTORE}),
    VIEWER: frozenset(),
}


def may(role: str, permission: str) -> bool:
    return permission in RULES.get(role, frozenset())


def role_from_text(text: str) -> str:
    """A role from its Chinese label or its code; ValidationError otherwise."""
    value = text.strip()
    for code, label in ROLE_LABELS.items():
        if value in (code, label):
            return code
    raise ValidationError({"role": "角色只能是 管理员、经办 或 查看"})
