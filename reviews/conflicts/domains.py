"""Email domains compared as organisations: cs.berkeley.edu and berkeley.edu are one."""

# Second-level labels under which a country's organisations register (ox.ac.uk, unimelb.edu.au).
SECOND_LEVEL = frozenset(
    [
        "ac",
        "co",
        "com",
        "edu",
        "gov",
        "gob",
        "govt",
        "go",
        "gv",
        "mil",
        "net",
        "nic",
        "org",
        "or",
        "ne",
        "sch",
        "ltd",
        "plc",
        "res",
        "nhs",
        "nom",
        "lg",
        "int",
    ]
)
# Registrable names that are mail providers, or their name under any top-level domain.
PUBLIC_PROVIDERS = frozenset(
    [
        "gmail",
        "googlemail",
        "outlook",
        "hotmail",
        "live",
        "msn",
        "yahoo",
        "ymail",
        "rocketmail",
        "icloud",
        "me",
        "mac",
        "proton",
        "protonmail",
        "pm",
        "gmx",
        "qq",
        "163",
        "126",
        "yeah",
        "sina",
        "sohu",
        "aol",
        "yandex",
        "ya",
        "mail",
        "web",
        "zoho",
        "fastmail",
        "hey",
        "tutanota",
        "tuta",
        "posteo",
        "mailbox",
        "naver",
        "daum",
        "hanmail",
        "libero",
        "laposte",
        "free",
        "orange",
        "wanadoo",
        "t-online",
        "btinternet",
        "comcast",
        "verizon",
        "att",
        "sbcglobal",
        "rediffmail",
    ]
)
RESERVED_NAMES = frozenset({"example"})
RESERVED_TLDS = frozenset({"example", "test", "invalid", "localhost", "local"})


def organisation_domain(email: str) -> str:
    """The registrable domain of an email address, lowercase; "" when there is none."""
    _, _, host = (email or "").strip().lower().rpartition("@")
    labels = [label for label in host.strip(".").split(".") if label]
    if len(labels) < 2:
        return ""
    keep = 3 if len(labels[-1]) == 2 and labels[-2] in SECOND_LEVEL and len(labels) > 2 else 2
    return ".".join(labels[-keep:])


def institutional_domain(email: str) -> str:
    """The organisation domain if it can tell colleagues apart: "" for mail providers and
    for the reserved example domains (RFC 2606) that all demo and test accounts use."""
    domain = organisation_domain(email)
    if not domain:
        return ""
    labels = domain.split(".")
    name = labels[0]
    if name in PUBLIC_PROVIDERS or name in RESERVED_NAMES or labels[-1] in RESERVED_TLDS:
        return ""
    return domain
