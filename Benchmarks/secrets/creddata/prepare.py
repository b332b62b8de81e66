#!/usr/bin/env python3
"""Builds the CredData corpus: the labelled files of each repository at the commit CredData names.

Usage: prepare.py CREDDATA MIRRORS OUT

- CREDDATA: a clone of github.com/Samsung/CredData (snapshot.json and meta/*.csv are read).
- MIRRORS: a folder of git mirrors of the labelled repositories, one per repository, found as
  MIRRORS/owner+name, MIRRORS/owner+name/repo, MIRRORS/owner/name.git or MIRRORS/owner/name.
  With FETCH=1, a missing mirror is made with `git clone --mirror https://github.com/owner/name`.
- OUT: written afresh: OUT/data/<repo id>/<scope>/<file id><ext> (CredData's own layout, so the
  meta files' FilePath names each file), OUT/labels.csv, OUT/repos.csv (each repository, its split
  and whether it could be used).

Each file is read from the mirror at the commit the snapshot names (`git cat-file`), with
CredData's line-ending normalisation (`\\r\\n` and `\\r` become `\\n`). The files are the real ones,
not CredData's obfuscated copies. Repositories reserved for independent evaluation are never
read. The split is by repository: a hash of the repository's name puts it in the tune set or in
the measure-only set.
"""
import binascii
import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys

# Reserved for an independent evaluation: never read, in neither set.
RESERVED = {name.lower() for name in """
postmanlabs/postman-collection-transformer nats-io/nats-server timdorr/tesla-api danger/danger go-acme/lego
oracle/docker-images open-falcon/falcon-plus xo/usql request/request PyGithub/PyGithub juice-shop/juice-shop
elastic/elasticsearch-js cloudskiff/driftctl fecshop/yii2_fecshop cloudfoundry/credhub panva/jose nats-io/nats.docs
swisskyrepo/PayloadsAllTheThings authelia/authelia plotly/falcon requests/requests-oauthlib phpseclib/phpseclib
twilio/twilio-ruby mdp/rotp Clear-Bible/ClearDashboard hussien89aa/KotlinUdemy sahat/hackathon-starter
mailgun/mailgun-ruby
""".split()}

# CredData's folder words (word_in_path.json is read from the clone): a file's scope folder.
def file_scope(words, path_without_extension):
    result = "/"
    lower = "./" + path_without_extension.lower()
    for word in words:
        if word in lower:
            result += word[1:] if word.startswith("/") else word
            if not result.endswith("/"):
                result += "/"
    return "/_/" if result == "/" else result


def split_of(name):
    """'tune' or 'measure', from the repository's name alone (stable, about half each)."""
    digest = hashlib.sha256(("creddata-split:" + name.lower()).encode()).digest()
    return "tune" if digest[0] < 128 else "measure"


def find_mirror(mirrors, name):
    owner, repo = name.split("/", 1)
    for candidate in (f"{owner}+{repo}/repo", f"{owner}+{repo}", f"{owner}/{repo}.git", f"{owner}/{repo}"):
        path = os.path.join(mirrors, candidate)
        if os.path.isdir(path):
            result = subprocess.run(["git", "-C", path, "rev-parse", "--git-dir"], capture_output=True, text=True)
            if result.returncode == 0:
                return os.path.join(path, result.stdout.strip()) if not os.path.isabs(result.stdout.strip()) else result.stdout.strip()
    if os.environ.get("FETCH") == "1":
        path = os.path.join(mirrors, f"{owner}+{repo}")
        result = subprocess.run(["git", "clone", "--quiet", "--mirror", f"https://github.com/{name}", path])
        if result.returncode == 0:
            return path
    return None


def normalise(data):
    """CredData's normalisation: decoded as UTF-8, `\\r\\n` and `\\r` become `\\n`."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")


def main():
    creddata, mirrors, out = sys.argv[1:4]
    with open(os.path.join(creddata, "snapshot.json"), encoding="utf-8") as f:
        snapshot = json.load(f)
    with open(os.path.join(creddata, "word_in_path.json"), encoding="utf-8") as f:
        words = json.load(f)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.join(out, "data"))
    labels = []
    repos = []
    for repo_id, url in snapshot.items():
        name = url.removeprefix("https://github.com/").removesuffix(".git").strip("/")
        if name.lower() in RESERVED:
            continue
        commit = repo_id[:40]
        meta_id = f"{binascii.crc32(binascii.unhexlify(repo_id)):08x}"
        meta_path = os.path.join(creddata, "meta", f"{meta_id}.csv")
        if not os.path.exists(meta_path):
            continue
        with open(meta_path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        split = split_of(name)
        status = "ok"
        files = {row["FileID"]: row["FilePath"] for row in rows}
        git_dir = find_mirror(mirrors, name)
        written = 0
        if not rows:
            status = "no labels"
        elif git_dir is None:
            status = "missing: no mirror"
        elif subprocess.run(["git", f"--git-dir={git_dir}", "cat-file", "-e", f"{commit}^{{commit}}"],
                            capture_output=True).returncode != 0:
            status = "missing: commit not in the mirror"
        else:
            listing = subprocess.run(["git", f"--git-dir={git_dir}", "ls-tree", "-r", "-z", "--full-tree", commit],
                                     capture_output=True, check=True).stdout
            blobs = {}
            for entry in listing.split(b"\0"):
                if not entry:
                    continue
                info, path = entry.split(b"\t", 1)
                mode, kind, sha = info.split()
                if kind != b"blob" or mode == b"120000":
                    continue
                short = path.decode("utf-8", "surrogateescape")
                file_id = hashlib.sha256(short.encode("utf-8", "surrogateescape")).hexdigest()[:8]
                if file_id in files:
                    stem, extension = os.path.splitext(short)
                    expected = f"data/{meta_id}{file_scope(words, stem)}{file_id}{extension.lower()}"
                    if expected == files[file_id]:
                        blobs[file_id] = sha.decode()
            for file_id, file_path in files.items():
                if file_id not in blobs:
                    continue
                result = subprocess.run(["git", f"--git-dir={git_dir}", "cat-file", "blob", blobs[file_id]],
                                        capture_output=True)
                if result.returncode != 0:
                    continue  # the mirror lacks the blob (a shallow or size-limited copy)
                data = result.stdout
                target = os.path.join(out, file_path)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "wb") as f:
                    f.write(normalise(data))
                written += 1
            if written < len(files):
                status = f"partial: {len(files) - written} of {len(files)} files not found"
        repos.append({"repo": name, "id": meta_id, "commit": commit, "split": split, "status": status,
                      "files": written, "labelled_files": len(files)})
        if written:
            for row in rows:
                if row["FileID"] in files and os.path.exists(os.path.join(out, row["FilePath"])):
                    labels.append({"split": split, "repo": name, "path": row["FilePath"].removeprefix("data/"),
                                   "line_start": row["LineStart"], "line_end": row["LineEnd"],
                                   "truth": row["GroundTruth"], "category": row["Category"]})
        print(f"{name}: {split}, {status}, {written} files", file=sys.stderr)
    with open(os.path.join(out, "labels.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["split", "repo", "path", "line_start", "line_end", "truth", "category"])
        writer.writeheader()
        writer.writerows(labels)
    with open(os.path.join(out, "repos.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["repo", "id", "commit", "split", "status", "files", "labelled_files"])
        writer.writeheader()
        writer.writerows(repos)


if __name__ == "__main__":
    main()
