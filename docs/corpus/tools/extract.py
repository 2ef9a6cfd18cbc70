#!/usr/bin/env python3
"""List HAProxy configuration files in fetched repository snapshots.

Usage: extract.py MIRROR_DIR REPO... -> prints TSV: repo, commit, path, size, normhash, status
A candidate is a *.cfg whose name contains 'haproxy' or whose path has a directory
containing 'haproxy'. It qualifies when it has a proxy section line (global/defaults/
frontend/backend/listen at line start) and no template markers ({{ {% <% %> @@X@@ __X__ %{X}), and is
not an SPOE agent file.
"""
import hashlib, os, re, subprocess, sys

SECTION = re.compile(r'^\s*(global|defaults|frontend|backend|listen)\b', re.M)
PROXY = re.compile(r'^\s*(frontend|backend|listen)\s+\S', re.M)
TEMPLATE = re.compile(r'\{\{|\{%|<%|%>|\$\{\{|@@[A-Z_]+@@|__[A-Z_]+__|%\{[A-Z_][A-Z0-9_]+\}')

def gitdir(mirror, repo):
    d = os.path.join(mirror, repo.replace('/', '+'), 'repo')
    return os.path.join(d, '.git') if os.path.isdir(os.path.join(d, '.git')) else d

def git(gd, *args):
    return subprocess.run(['git', '--git-dir', gd, *args], capture_output=True).stdout

def normhash(text):
    lines = []
    for l in text.splitlines():
        l = l.split('#', 1)[0].strip()
        if l:
            lines.append(' '.join(l.split()))
    return hashlib.sha1('\n'.join(lines).encode()).hexdigest()[:16]

def main():
    mirror = sys.argv[1]
    for repo in sys.argv[2:]:
        gd = gitdir(mirror, repo)
        if not os.path.isdir(gd):
            continue
        commit = git(gd, 'rev-parse', 'HEAD').decode().strip()
        for path in git(gd, 'ls-tree', '-r', '--name-only', 'HEAD').decode(errors='replace').splitlines():
            low = path.lower()
            if not low.endswith('.cfg'):
                continue
            base = os.path.basename(low)
            if 'haproxy' not in base and 'haproxy' not in os.path.dirname(low):
                continue
            raw = git(gd, 'show', 'HEAD:' + path)
            try:
                text = raw.decode('utf-8')
            except UnicodeDecodeError:
                text = raw.decode('latin-1')
            if not PROXY.search(text):
                status = 'noproxy'
            elif TEMPLATE.search('\n'.join(l.split('#', 1)[0] for l in text.splitlines())):
                status = 'template'
            elif re.search(r'^\s*spoe-agent\b', text, re.M):
                status = 'spoe'
            else:
                status = 'ok'
            print('\t'.join([repo, commit, path, str(len(raw)), normhash(text), status]))

main()
