#!/usr/bin/env python3
"""Builds a labelled corpus for measuring secret scanners' precision and recall.

Real code (any folder of text files, e.g. a `git archive` of a real project) is copied, and
secrets of the formats a startup meets are planted into it at random lines, in the syntax of
each file's language, together with decoys: values that look like secrets but are not
(documentation examples, placeholders, references to variables, digests, identifiers).
Every planted line is written to labels.tsv: path, first line, last line, label, kind.

    make_corpus.py --source DIR --out DIR [--seed N] [--secrets N] [--decoys N]

Every value is generated from the seed: the same seed gives the same corpus.
"""
import argparse
import base64
import os
import random
import shutil
import string
import sys
import zlib

ALNUM = string.ascii_letters + string.digits
BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def pick(r, alphabet, n):
    return "".join(r.choice(alphabet) for _ in range(n))


def base62(value, width):
    digits = ""
    while True:
        digits = BASE62[value % 62] + digits
        value //= 62
        if value == 0:
            break
    return digits.rjust(width, "0")


def checksummed(prefix):
    """GitHub's and npm's token format: 30 random characters, then their CRC-32 in 6 base62 digits."""
    def make(r):
        body = pick(r, ALNUM, 30)
        return prefix + body + base62(zlib.crc32(body.encode()) & 0xFFFFFFFF, 6)
    return make


def pem_body(r, size=1200):
    raw = base64.b64encode(bytes(r.getrandbits(8) for _ in range(size))).decode()
    return [raw[i:i + 64] for i in range(0, len(raw), 64)]


def jwt(r):
    def part(obj):
        return base64.urlsafe_b64encode(obj.encode()).decode().rstrip("=")
    header = part('{"alg":"HS256","typ":"JWT"}')
    payload = part('{"sub":"%d","name":"svc-%s","iat":%d}' % (r.randint(10**6, 10**7), pick(r, string.ascii_lowercase, 6), r.randint(1600000000, 1750000000)))
    signature = base64.urlsafe_b64encode(bytes(r.getrandbits(8) for _ in range(32))).decode().rstrip("=")
    return header + "." + payload + "." + signature


def password(r):
    return pick(r, ALNUM, 10) + r.choice("!#%&*+-_") + pick(r, ALNUM, 6)


# Each secret kind: (name, variable name, value maker). Values are single-line unless noted.
SECRETS = [
    ("aws-key-pair", None, None),
    ("github-classic-pat", "GITHUB_TOKEN", checksummed("ghp_")),
    ("github-fine-grained-pat", "GH_TOKEN", lambda r: "github_pat_" + pick(r, ALNUM, 22) + "_" + pick(r, ALNUM, 59)),
    ("gitlab-pat", "GITLAB_TOKEN", lambda r: "glpat-" + pick(r, ALNUM + "-_", 20)),
    ("slack-bot-token", "SLACK_BOT_TOKEN", lambda r: "xoxb-%d-%d-%s" % (r.randint(10**10, 10**11), r.randint(10**12, 10**13), pick(r, ALNUM, 24))),
    ("slack-webhook", "SLACK_WEBHOOK_URL", lambda r: "https://hooks.slack.com/services/T%s/B%s/%s" % (pick(r, string.ascii_uppercase + string.digits, 8), pick(r, string.ascii_uppercase + string.digits, 10), pick(r, ALNUM, 24))),
    ("stripe-live-secret", "STRIPE_SECRET_KEY", lambda r: "sk_live_" + pick(r, ALNUM, 24)),
    ("sendgrid-key", "SENDGRID_API_KEY", lambda r: "SG." + pick(r, ALNUM + "-_", 22) + "." + pick(r, ALNUM + "-_", 43)),
    ("npm-token", "NPM_TOKEN", checksummed("npm_")),
    ("google-api-key", "GOOGLE_API_KEY", lambda r: "AIza" + pick(r, ALNUM + "-_", 35)),
    ("anthropic-key", "ANTHROPIC_API_KEY", lambda r: "sk-ant-api03-" + pick(r, ALNUM + "-_", 93) + "AA"),
    ("openai-key", "OPENAI_API_KEY", lambda r: "sk-" + pick(r, ALNUM, 20) + "T3BlbkFJ" + pick(r, ALNUM, 20)),
    ("twilio-api-key", "TWILIO_API_KEY", lambda r: "SK" + pick(r, "0123456789abcdef", 32)),
    ("datadog-api-key", "DD_API_KEY", lambda r: pick(r, "0123456789abcdef", 32)),
    ("docker-hub-pat", "DOCKERHUB_TOKEN", lambda r: "dckr_pat_" + pick(r, ALNUM + "-_", 27)),
    ("shopify-token", "SHOPIFY_ACCESS_TOKEN", lambda r: "shpat_" + pick(r, "0123456789abcdef", 32)),
    ("pypi-token", "PYPI_TOKEN", lambda r: "pypi-AgEIcHlwaS5vcmc" + pick(r, ALNUM + "-_", 70)),
    ("postgres-url", "DATABASE_URL", lambda r: "postgres://app:%s@db-%s.internal:5432/app" % (pick(r, ALNUM, 18), pick(r, string.ascii_lowercase, 5))),
    ("password-assignment", "DB_PASSWORD", password),
    ("jwt", "SERVICE_JWT", jwt),
    ("rsa-private-key", None, None),
]

# Decoys: (kind, variable name, value maker). Each looks like a secret to a naive pattern.
DECOYS = [
    ("aws-documentation-example", "AWS_ACCESS_KEY_ID", lambda r: "AKIAIOSFODNN7EXAMPLE"),
    ("aws-documentation-secret", "AWS_SECRET_ACCESS_KEY", lambda r: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
    ("placeholder", "API_TOKEN", lambda r: r.choice(["<your-api-token>", "YOUR_TOKEN_HERE", "xxxxxxxxxxxxxxxxxxxxxxxx", "changeme", "replace-me", "TODO"])),
    ("variable-reference", "DB_PASSWORD", lambda r: r.choice(["${DB_PASSWORD}", "$DB_PASSWORD", "{{ .Values.db.password }}", "%(password)s", "${{ secrets.DB_PASSWORD }}"])),
    ("sha256-digest", "ARCHIVE_SHA256", lambda r: pick(r, "0123456789abcdef", 64)),
    ("git-commit", "PINNED_COMMIT", lambda r: pick(r, "0123456789abcdef", 40)),
    ("uuid", "REQUEST_ID", lambda r: "%s-%s-4%s-%s-%s" % (pick(r, "0123456789abcdef", 8), pick(r, "0123456789abcdef", 4), pick(r, "0123456789abcdef", 3), pick(r, "89ab", 1) + pick(r, "0123456789abcdef", 3), pick(r, "0123456789abcdef", 12))),
    ("placeholder-token-shape", "GITHUB_TOKEN", lambda r: "ghp_" + "x" * 36),
    ("localhost-url-default", "DATABASE_URL", lambda r: "postgres://postgres:postgres@localhost:5432/%s_test" % pick(r, string.ascii_lowercase, 5)),
    ("config-number", "PASSWORD_MIN_LENGTH", lambda r: str(r.randint(8, 64))),
    ("public-key-id", "GPG_KEY_ID", lambda r: pick(r, "0123456789ABCDEF", 16)),
    ("base64-image", "LOGO_PNG", lambda r: "iVBORw0KGgoAAAANSUhEUgAA" + base64.b64encode(bytes(r.getrandbits(8) for _ in range(45))).decode()),
    ("environment-lookup", "API_KEY", lambda r: None),
]


def syntax(extension):
    """How a file of this kind assigns a value: a format string taking (name, value)."""
    if extension in (".sh", ".bash", ".env", ""):
        return 'export {name}="{value}"'
    if extension in (".py",):
        return '{name} = "{value}"'
    if extension in (".c", ".h"):
        return '#define {name} "{value}"'
    if extension in (".pl", ".perl", ".pm"):
        return "my ${lower} = '{value}';"
    if extension in (".yml", ".yaml"):
        return "{lower}: {value}"
    if extension in (".tf", ".tfvars", ".hcl"):
        return '{lower} = "{value}"'
    if extension in (".js", ".ts"):
        return 'const {name} = "{value}";'
    if extension in (".go",):
        return '{name} := "{value}"'
    return "{name}={value}"


def lookup(extension, name):
    """Reading a value from the environment, in the file's language."""
    if extension == ".py":
        return '%s = os.environ["%s"]' % (name, name)
    if extension in (".c", ".h"):
        return 'const char *%s = getenv("%s");' % (name.lower(), name)
    if extension in (".js", ".ts"):
        return "const %s = process.env.%s;" % (name, name)
    return '%s="${%s:?}"' % (name, name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--secrets", type=int, default=200)
    parser.add_argument("--decoys", type=int, default=200)
    options = parser.parse_args()
    r = random.Random(options.seed)
    if not os.path.isdir(options.source):
        sys.exit("error: --source %s is not a folder" % options.source)
    if os.path.exists(options.out):
        shutil.rmtree(options.out)
    shutil.copytree(options.source, options.out, symlinks=True, ignore=shutil.ignore_patterns(".git"))

    files = []
    for top, folders, names in os.walk(options.out):
        folders.sort()
        for name in sorted(names):
            path = os.path.join(top, name)
            if os.path.islink(path) or os.path.getsize(path) > 200_000:
                continue
            with open(path, "rb") as handle:
                head = handle.read(8192)
            if b"\0" in head:
                continue
            files.append(path)
    if not files:
        sys.exit("error: no text files under %s" % options.source)

    plants = {}  # path -> list of (line index, lines, label, kind)

    def plant(label, kind, make_lines):
        # A line of the original file before which nothing is planted yet.
        while True:
            path = r.choice(files)
            with open(path, "rb") as handle:
                count = handle.read().count(b"\n")
            taken = {item[0] for item in plants.get(path, [])}
            free = [line for line in range(count + 1) if line not in taken]
            if free:
                break
        extension = os.path.splitext(path)[1]
        plants.setdefault(path, []).append((r.choice(free), make_lines(extension), label, kind))

    for index in range(options.secrets):
        kind, name, maker = SECRETS[index % len(SECRETS)]
        if kind == "aws-key-pair":
            key = "AKIA" + pick(r, string.ascii_uppercase + "234567", 16)
            secret = pick(r, ALNUM + "/+", 40)
            plant("secret", kind, lambda e, k=key, s=secret: [syntax(e).format(name="AWS_ACCESS_KEY_ID", lower="aws_access_key_id", value=k),
                                                              syntax(e).format(name="AWS_SECRET_ACCESS_KEY", lower="aws_secret_access_key", value=s)])
        elif kind == "rsa-private-key":
            body = pem_body(r)
            plant("secret", kind, lambda e, b=body: ["-----BEGIN RSA PRIVATE KEY-----"] + b + ["-----END RSA PRIVATE KEY-----"])
        else:
            value = maker(r)
            plant("secret", kind, lambda e, n=name, v=value: [syntax(e).format(name=n, lower=n.lower(), value=v)])
    for index in range(options.decoys):
        kind, name, maker = DECOYS[index % len(DECOYS)]
        value = maker(r)
        if value is None:
            plant("decoy", kind, lambda e, n=name: [lookup(e, n)])
        else:
            plant("decoy", kind, lambda e, n=name, v=value: [syntax(e).format(name=n, lower=n.lower(), value=v)])

    labels = []
    for path, items in sorted(plants.items()):
        with open(path, "rb") as handle:
            lines = handle.read().split(b"\n")
        # Insert from the bottom up, so that earlier line numbers stay valid, then number them.
        inserted = []
        for at, new_lines, label, kind in sorted(items, key=lambda item: -item[0]):
            lines[at:at] = [line.encode() for line in new_lines]
            inserted.append((at, len(new_lines), label, kind))
        # Each insertion shifts the ones below it; compute final positions top down.
        inserted.sort(key=lambda item: item[0])
        shift = 0
        for at, length, label, kind in inserted:
            start = at + shift + 1
            labels.append((os.path.relpath(path, options.out), start, start + length - 1, label, kind))
            shift += length
        with open(path, "wb") as handle:
            handle.write(b"\n".join(lines))
    with open(os.path.join(os.path.dirname(os.path.abspath(options.out)), "labels.tsv"), "w") as out:
        out.write("path\tfirst\tlast\tlabel\tkind\n")
        for row in sorted(labels):
            out.write("%s\t%d\t%d\t%s\t%s\n" % row)
    print("planted %d secrets and %d decoys in %d of %d text files" % (options.secrets, options.decoys, len(plants), len(files)))


if __name__ == "__main__":
    main()
