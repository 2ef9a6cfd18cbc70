#!/usr/bin/env python3
"""Pick one configuration per repository from inventory.tsv (extract.py output) and
write files/NNN.cfg plus sources.tsv (NNN, repo, path, commit).

Per repository: status 'ok' only; a file whose normalised text (comments and blank
space dropped) equals an already chosen file is skipped; among the rest a file named
haproxy.cfg wins, then the largest. Repositories keep the order of candidates.txt.
Usage: pick.py MIRROR_DIR candidates.txt inventory.tsv OUTDIR
"""
import os, subprocess, sys

mirror, cands, inv, out = sys.argv[1:5]
rows = {}
for line in open(inv):
    repo, commit, path, size, h, status = line.rstrip('\n').split('\t')
    if status == 'ok':
        rows.setdefault(repo, []).append((path, commit, int(size), h))
seen = set()
os.makedirs(os.path.join(out, 'files'), exist_ok=True)
n = 0
with open(os.path.join(out, 'sources.tsv'), 'w') as src:
    src.write('id\trepo\tpath\tcommit\n')
    for repo in (l.strip() for l in open(cands) if l.strip()):
        files = [f for f in rows.get(repo, []) if f[3] not in seen]
        if not files:
            continue
        files.sort(key=lambda f: (os.path.basename(f[0]).lower() != 'haproxy.cfg', -f[2]))
        path, commit, _, h = files[0]
        seen.add(h)
        n += 1
        nid = '%03d' % n
        d = os.path.join(mirror, repo.replace('/', '+'), 'repo')
        gd = os.path.join(d, '.git') if os.path.isdir(os.path.join(d, '.git')) else d
        data = subprocess.run(['git', '--git-dir', gd, 'show', commit + ':' + path],
                              capture_output=True, check=True).stdout
        open(os.path.join(out, 'files', nid + '.cfg'), 'wb').write(data)
        src.write('\t'.join([nid, repo, path, commit]) + '\n')
print(n, 'files')
