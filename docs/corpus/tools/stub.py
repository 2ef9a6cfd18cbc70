#!/usr/bin/env python3
"""Make a stubbed copy of an HAProxy configuration so that only its own text decides
whether it loads.

Usage: stub.py CONFIG OUTDIR STUBS
  CONFIG  the configuration as published
  OUTDIR  created; receives haproxy.cfg (the stubbed copy), root/ (stub files; the
          checkers run with root/ as working directory, so relative paths land there),
          env (NAME=VALUE lines to add to the checkers' environment) and changes.txt
          (one line per rewrite, for the report).
  STUBS   directory holding cert.pem (self-signed cert + key, CA:TRUE), crl.pem and
          dh.pem, made once by make-stubs.sh.

What is rewritten (the same copy is given to HAProxy and to baton):
  * absolute paths of files the configuration reads are moved under OUTDIR/root and a
    stub is created there: crt / crt-list / ca-file / crl-file / ca-verify-file /
    ca-sign-file (bind, server, default-server, server-template, peer lines),
    crt-base / ca-base, errorfile, http-errors files, http-request|response return /
    deny errorfile / file / lf-file, acl and inline '-f FILE', map*(FILE) converters,
    set-map / del-map / add-acl / del-acl, lua-load(-per-thread), filter spoe config,
    server-state-file / -base, ssl-dh-param-file, h1-case-adjust-file,
    issuers-chain-path, chroot, pidfile and unix 'stats socket' paths;
    relative paths are created under root/ (the working directory) and left as written.
  * a crt / crt-base / issuers-chain-path whose last path element has no '.' (or ends
    with '/') is taken as a directory and gets one stub cert inside.
  * Lua stubs register every lua.NAME action, service, sample fetch and converter the
    configuration uses, so that the Lua references resolve in HAProxy.
  * SPOE stubs declare each engine named by 'filter spoe engine NAME' with one agent,
    one message and every group named by send-spoe-group ENGINE GROUP; the agent's
    use-backend is the configuration's TCP-mode backend whose name looks like an
    agent (spoe/spoa/agent/waf/modsec/coraza/crowdsec/...), else its first TCP-mode
    backend, else the first backend.
  * host names in server / server-template / peer / nameserver / mailer / dispatch /
    bind addresses and in 'addr' / 'socks4' server options that do not resolve on this
    machine are replaced by 127.0.0.1 (bind: 127.0.1.N, one N per name), port kept;
    DNS SRV names (_service._proto.name, only ever resolved through 'resolvers') stay.
    'log' targets are left as written.
  * 'user' and 'group' in global become root.
  * environment variables written as ${NAME} or $NAME (NAME in capitals) get a value
    from their name (…PORT -> a port, …HOST/ADDR/IP -> 127.0.0.1, …USER -> admin,
    …PASS… -> secret, …BACKEND -> the first backend's name, else 'stub').
"""
import os, re, shutil, socket, sys

SECTIONS = {'global', 'defaults', 'frontend', 'backend', 'listen', 'userlist', 'peers',
            'resolvers', 'mailers', 'program', 'http-errors', 'ring', 'cache',
            'log-forward', 'fcgi-app', 'crt-store', 'traces'}
ADDR_PREFIX = re.compile(r'^((?:ipv4|ipv6|tcp|tcp4|tcp6|udp|udp4|udp6|quic4|quic6)@)?(.*)$')
IPV4 = re.compile(r'^\d{1,3}(\.\d{1,3}){3}$')
ENV = re.compile(r'\$\{([A-Z_][A-Z0-9_]*)\}|\$([A-Z_][A-Z0-9_]*)')
HAPROXY_SET = {'HAPROXY_LOCALPEER', 'HAPROXY_CFGFILES', 'HAPROXY_MWORKER', 'HAPROXY_CLI',
               'HAPROXY_MASTER_CLI'}

# Values for environment variables whose use says nothing, by words in their name,
# first match wins; None stands for the configuration's first backend.
BY_NAME = [(('HOST', 'ADDR', 'IP', 'DNS', 'SERVER'), '127.0.0.1'), (('USER',), 'admin'),
           (('PASS',), 'secret'), (('MAXCONN',), '1000'), (('TIMEOUT',), '5s'),
           (('LEVEL',), 'info'), (('SCHEME',), 'http'), (('BACKEND',), None),
           (('PATH', 'URI', 'URL'), '/stub')]

_resolved = {}


def resolves(host):
    if host not in _resolved:
        try:
            socket.getaddrinfo(host, None)
            _resolved[host] = True
        except (socket.gaierror, UnicodeError, OSError):
            _resolved[host] = False
    return _resolved[host]


def split_comment(line):
    """Returns (code, comment) split at the first '#' outside quotes and not escaped."""
    q = None
    i = 0
    while i < len(line):
        c = line[i]
        if c == '\\':
            i += 2
            continue
        if q:
            if c == q:
                q = None
        elif c in '"\'':
            q = c
        elif c == '#':
            return line[:i], line[i:]
        i += 1
    return line, ''


def tokens(code):
    """(start, end, text) of each whitespace-separated token."""
    return [(m.start(), m.end(), m.group()) for m in re.finditer(r'\S+', code)]


def unquote(t):
    if len(t) >= 2 and t[0] == t[-1] and t[0] in '"\'':
        return t[1:-1]
    return t


class Stubber:
    def __init__(self, outdir, stubs):
        self.out = outdir
        self.root = os.path.join(outdir, 'root')
        self.stubs = stubs
        self.changes = []
        self.crt_base = None
        self.ca_base = None
        self.state_base = None
        self.lua_files = []
        self.spoe = {}          # stub path -> {engine: set(groups)}
        self.backends = []
        self.backend_modes = {}
        self.defaults_mode = 'tcp'
        self.roles = {}         # env var -> 'addrport' | 'host' | 'port' from its use
        self.bind_hosts = {}

    # ---- paths -------------------------------------------------------------------
    def moved(self, path):
        """Where a path the configuration names lives in the stubbed copy."""
        if path.startswith('/'):
            return self.root + path
        return path

    def real(self, path, base=None):
        """Filesystem location of a stub for a (possibly relative) configured path."""
        if not path.startswith('/') and base:
            path = base.rstrip('/') + '/' + path
        if path.startswith('/'):
            return self.root + path if not path.startswith(self.root) else path
        return os.path.join(self.root, path)

    def put(self, loc, kind, code=None):
        if os.path.isdir(loc):
            if kind in ('cert',):
                return
            return
        os.makedirs(os.path.dirname(loc) or '.', exist_ok=True)
        if kind == 'dir':
            os.makedirs(loc, exist_ok=True)
        elif kind == 'certdir':
            os.makedirs(loc, exist_ok=True)
            shutil.copy(os.path.join(self.stubs, 'cert.pem'), os.path.join(loc, 'stub.pem'))
        elif kind in ('cert', 'ca'):
            shutil.copy(os.path.join(self.stubs, 'cert.pem'), loc)
        elif kind == 'crl':
            shutil.copy(os.path.join(self.stubs, 'crl.pem'), loc)
        elif kind == 'dh':
            shutil.copy(os.path.join(self.stubs, 'dh.pem'), loc)
        elif kind == 'crtlist':
            with open(loc, 'w') as f:
                f.write(os.path.join(self.stubs, 'cert.pem') + '\n')
        elif kind == 'errorfile':
            status = code or '503'
            with open(loc, 'w', newline='') as f:
                f.write('HTTP/1.0 %s Stub\r\nCache-Control: no-cache\r\nConnection: close\r\n'
                        'Content-Type: text/html\r\n\r\n<html><body>stub</body></html>\n' % status)
        elif kind == 'text':
            with open(loc, 'w') as f:
                f.write('stub\n')
        elif kind in ('empty', 'lua', 'spoe'):
            if not os.path.exists(loc):
                open(loc, 'w').close()
        else:
            raise ValueError(kind)

    def path_arg(self, path_tok, kind, base=None, code=None):
        """Creates the stub for a path token and returns the token to write instead."""
        p = unquote(path_tok)
        if '$' in p or p.startswith('@'):
            return path_tok
        if kind in ('cert',) and (p.endswith('/') or '.' not in os.path.basename(p.rstrip('/'))):
            kind = 'certdir'
        loc = self.real(p, base)
        self.put(loc, kind, code)
        if kind == 'lua':
            self.lua_files.append(loc)
        new = self.moved(p)
        if new != p:
            self.changes.append('path %s -> %s (%s)' % (p, new, kind))
            return path_tok.replace(p, new)
        self.changes.append('stub %s (%s)' % (p, kind))
        return path_tok

    # ---- addresses ---------------------------------------------------------------
    def addr(self, tok, bind=False):
        """Rewrites unresolvable host names in an address token (comma lists kept).
        Server-side names become 127.0.0.1; bind names become 127.0.1.N, one N per
        name, so that two placeholders on one frontend do not turn into one address.
        A host or port written as an environment variable is noted for env()."""
        t = unquote(tok)
        if t.startswith('/') or '@' in t and not ADDR_PREFIX.match(t).group(1):
            return tok
        out = []
        for part in t.split(','):
            m = ADDR_PREFIX.match(part)
            pre, rest = m.group(1) or '', m.group(2)
            whole = ENV.fullmatch(rest)
            if whole:
                self.roles[whole.group(1) or whole.group(2)] = 'addrport'
                out.append(part)
                continue
            if rest.startswith('[') or rest.count(':') > 1:
                out.append(part)
                continue
            host, sep, port = rest.partition(':')
            for mm in ENV.finditer(port):
                self.roles.setdefault(mm.group(1) or mm.group(2), 'port')
            if '$' in host:
                for mm in ENV.finditer(host):
                    self.roles.setdefault(mm.group(1) or mm.group(2), 'host')
                out.append(part)
                continue
            if host in ('', '*') or host.startswith('_') or IPV4.match(host) or resolves(host):
                out.append(part)
                continue
            if bind:
                if host not in self.bind_hosts:
                    self.bind_hosts[host] = '127.0.1.%d' % (len(self.bind_hosts) + 1)
                to = self.bind_hosts[host]
            else:
                to = '127.0.0.1'
            self.changes.append('host %s -> %s' % (host, to))
            out.append(pre + to + sep + port)
        new = ','.join(out)
        return tok.replace(t, new) if new != t else tok

    # ---- one pass over the lines -------------------------------------------------
    def rewrite(self, lines):
        out = []
        section = None
        for line in lines:
            nl = '\n' if line.endswith('\n') else ''
            body = line[:-1] if nl else line
            code, comment = split_comment(body)
            toks = tokens(code)
            if not toks:
                out.append(line)
                continue
            words = [t[2] for t in toks]
            kw = words[0]
            if kw in SECTIONS:
                section = kw
            repl = {}   # token index -> new text

            def path_at(i, kind, base=None, code=None):
                if i < len(words):
                    repl[i] = self.path_arg(words[i], kind, base, code)

            if section == 'global':
                if kw in ('user', 'group') and len(words) > 1 and words[1] != 'root':
                    repl[1] = 'root'
                    self.changes.append('%s %s -> root' % (kw, words[1]))
                elif kw == 'chroot':
                    path_at(1, 'dir')
                elif kw == 'pidfile' and len(words) > 1 and words[1].startswith('/'):
                    os.makedirs(os.path.dirname(self.real(words[1])), exist_ok=True)
                    repl[1] = self.moved(words[1])
                elif kw == 'crt-base' and len(words) > 1:
                    self.crt_base = unquote(words[1])
                    path_at(1, 'dir')
                elif kw == 'ca-base' and len(words) > 1:
                    self.ca_base = unquote(words[1])
                    path_at(1, 'dir')
                elif kw == 'server-state-base' and len(words) > 1:
                    self.state_base = unquote(words[1])
                    path_at(1, 'dir')
                elif kw == 'server-state-file':
                    path_at(1, 'empty', self.state_base)
                elif kw in ('lua-load', 'lua-load-per-thread'):
                    path_at(1, 'lua')
                elif kw == 'ssl-dh-param-file':
                    path_at(1, 'dh')
                elif kw == 'h1-case-adjust-file':
                    path_at(1, 'empty')
                elif kw == 'issuers-chain-path':
                    path_at(1, 'dir')
                elif kw == 'stats' and len(words) > 2 and words[1] == 'socket':
                    p = unquote(words[2])
                    if p.startswith('unix@'):
                        p = p[5:]
                    if p.startswith('/'):
                        os.makedirs(os.path.dirname(self.real(p)), exist_ok=True)
                        repl[2] = words[2].replace(p, self.moved(p))
            if kw == 'server-state-file' and section in ('backend', 'listen', 'defaults'):
                path_at(1, 'empty', self.state_base)
            if kw == 'errorfile' and len(words) > 2:
                path_at(2, 'errorfile', None, words[1])
            # address arguments
            if section in ('frontend', 'backend', 'listen', 'defaults', 'peers', 'ring',
                           'resolvers', 'mailers', 'log-forward'):
                if kw == 'server' and len(words) > 2:
                    repl[2] = self.addr(words[2])
                elif kw == 'server-template' and len(words) > 3:
                    repl[3] = self.addr(words[3])
                elif kw in ('peer', 'nameserver', 'mailer') and len(words) > 2:
                    repl[2] = self.addr(words[2])
                elif kw == 'dispatch' and len(words) > 1:
                    repl[1] = self.addr(words[1])
                elif kw == 'bind' and len(words) > 1:
                    repl[1] = self.addr(words[1], bind=True)
            if kw in ('bind', 'server', 'default-server', 'server-template', 'peer'):
                for i, w in enumerate(words):
                    if i + 1 >= len(words):
                        break
                    if w == 'crt':
                        path_at(i + 1, 'cert', self.crt_base)
                    elif w == 'crt-list':
                        path_at(i + 1, 'crtlist', self.crt_base)
                    elif w in ('ca-file', 'ca-verify-file', 'ca-sign-file'):
                        path_at(i + 1, 'ca', self.ca_base)
                    elif w == 'crl-file':
                        path_at(i + 1, 'crl', self.ca_base)
                    elif w in ('addr', 'socks4') and kw != 'bind':
                        repl[i + 1] = self.addr(words[i + 1])
            if kw in ('http-request', 'http-response', 'http-after-response', 'http-error',
                      'tcp-request', 'tcp-response'):
                for i, w in enumerate(words[:-1]):
                    if w == 'errorfile':
                        path_at(i + 1, 'errorfile')
                    elif w in ('file', 'lf-file'):
                        path_at(i + 1, 'text')
            if kw == 'filter' and len(words) > 1 and words[1] == 'spoe':
                engine = None
                for i, w in enumerate(words[:-1]):
                    if w == 'engine':
                        engine = unquote(words[i + 1])
                    elif w == 'config':
                        path_at(i + 1, 'spoe')
                        loc = self.real(unquote(words[i + 1]))
                        self.spoe.setdefault(loc, {}).setdefault(engine, set())
            if kw == 'defaults':
                self.defaults_mode = 'tcp'
            if kw == 'backend' or kw == 'listen':
                if len(words) > 1:
                    self.backends.append(words[1])
                    self.backend_modes[words[1]] = self.defaults_mode
            if kw == 'mode' and len(words) > 1:
                if section == 'defaults':
                    self.defaults_mode = words[1]
                elif section in ('backend', 'listen') and self.backends:
                    self.backend_modes[self.backends[-1]] = words[1]
            # map / acl files anywhere in the line
            for i, w in enumerate(words):
                if i in repl:
                    continue
                nw = w
                for m in re.finditer(r'\b(?:map(?:_\w+)?|set-map|del-map|add-acl|del-acl)\(\s*([^,)\s]+)', w):
                    p = unquote(m.group(1))
                    if '$' in p or '%' in p or not p:
                        continue
                    self.put(self.real(p), 'empty')
                    if p.startswith('/'):
                        nw = nw.replace(p, self.moved(p), 1)
                        self.changes.append('path %s -> %s (map)' % (p, self.moved(p)))
                if nw != w:
                    repl[i] = nw
                if w == '-f' and i + 1 < len(words) and kw not in ('lua-load',) and i + 1 not in repl:
                    path_at(i + 1, 'empty')
            if repl:
                buf = code
                for i in sorted(repl, reverse=True):
                    s, e, _ = toks[i]
                    buf = buf[:s] + repl[i] + buf[e:]
                code = buf
            out.append(code + comment + nl)
        return out

    # ---- Lua and SPOE stubs --------------------------------------------------------
    def lua_stub(self, text):
        acts, svcs, fetches, convs = {}, {}, set(), set()
        for line in text.splitlines():
            code, _ = split_comment(line)
            w = code.split()
            if not w:
                continue
            kinds = {'http-request': 'http-req', 'http-response': 'http-res',
                     'tcp-request': 'tcp-req', 'tcp-response': 'tcp-res'}
            rest = ' '.join(w)
            for i, t in enumerate(w):
                m = re.match(r'^lua\.([A-Za-z0-9_\-]+)$', t)
                if m and i >= 1 and w[0] in kinds and (w[i - 1] in (w[0], 'content', 'connection', 'session')):
                    args = []
                    for a in w[i + 1:]:
                        if a in ('if', 'unless'):
                            break
                        args.append(a)
                    a = acts.setdefault(m.group(1), [set(), 0])
                    a[0].add(kinds[w[0]])
                    a[1] = max(a[1], len(args))
                elif m and i >= 1 and w[i - 1] == 'use-service':
                    svcs[m.group(1)] = 'http' if w[0] == 'http-request' else 'tcp'
            for m in re.finditer(r'(,?)lua\.([A-Za-z0-9_]+)', rest):
                name = m.group(2)
                if name in acts or name in svcs:
                    continue
                (convs if m.group(1) else fetches).add(name)
        src = ['-- stub generated by stub.py: registers what the configuration uses']
        for n, (k, nargs) in sorted(acts.items()):
            src.append('core.register_action("%s", { %s }, function(txn, ...) end, %d)'
                       % (n, ', '.join('"%s"' % x for x in sorted(k)), nargs))
        for n, mode in sorted(svcs.items()):
            if mode == 'http':
                src.append('core.register_service("%s", "http", function(applet) '
                           'applet:set_status(200) applet:start_response() end)' % n)
            else:
                src.append('core.register_service("%s", "tcp", function(applet) end)' % n)
        for n in sorted(fetches):
            src.append('core.register_fetches("%s", function(txn, ...) return "" end)' % n)
        for n in sorted(convs):
            src.append('core.register_converters("%s", function(v, ...) return v end)' % n)
        return '\n'.join(src) + '\n'

    def spoe_stub(self, text, loc, engines):
        for m in re.finditer(r'send-spoe-group\s+(\S+)\s+(\S+)', text):
            if m.group(1) in engines:
                engines[m.group(1)].add(m.group(2))
            elif None in engines:
                engines[None].add(m.group(2))
        agentish = re.compile(r'spoe|spoa|agent|waf|modsec|coraza|crowdsec|bouncer|mirror|auth|otel|trac', re.I)
        tcp = [b for b in self.backends if self.backend_modes.get(b) == 'tcp']
        backend = next((b for b in tcp if agentish.search(b)),
                       tcp[0] if tcp else next((b for b in self.backends if agentish.search(b)),
                                               self.backends[0] if self.backends else 'spoe-agents'))
        out = []
        for engine, groups in engines.items():
            tag = re.sub(r'\W', '_', engine or 'default')
            if engine:
                out.append('[%s]' % engine)
            out.append('spoe-agent %s-agent' % tag)
            out.append('    messages %s-msg' % tag)
            if groups:
                out.append('    groups %s' % ' '.join(sorted(groups)))
            out.append('    option var-prefix %s' % tag)
            out.append('    timeout hello 2s')
            out.append('    timeout idle 2m')
            out.append('    timeout processing 500ms')
            out.append('    use-backend %s' % backend)
            out.append('spoe-message %s-msg' % tag)
            out.append('    args ip=src')
            out.append('    event on-frontend-http-request')
            for g in sorted(groups):
                out.append('spoe-message %s-g-%s' % (tag, re.sub(r'\W', '_', g)))
                out.append('    args ip=src')
                out.append('spoe-group %s' % g)
                out.append('    messages %s-g-%s' % (tag, re.sub(r'\W', '_', g)))
            out.append('')
        with open(loc, 'w') as f:
            f.write('\n'.join(out) + '\n')
        self.changes.append('spoe stub %s: engines %s, backend %s' %
                            (loc, ','.join(str(e) for e in engines), backend))

    def env(self, text):
        code = '\n'.join(split_comment(l)[0] for l in text.splitlines())
        names = []
        for m in ENV.finditer(code):
            n = m.group(1) or m.group(2)
            if n not in names and n not in HAPROXY_SET:
                names.append(n)
        port = 18000
        env = {}
        for n in names:
            u = n.upper()
            role = self.roles.get(n)
            if role == 'addrport':
                port += 1
                v = '127.0.0.1:%d' % port
            elif role == 'port':
                port += 1
                v = str(port)
            elif role == 'host':
                v = '127.0.0.1'
            elif 'BIND' in u or ('LISTEN' in u and 'ADDR' not in u):
                port += 1
                v = '127.0.0.1:%d' % port
            elif 'PORT' in u:
                port += 1
                v = str(port)
            else:
                v = next((val for keys, val in BY_NAME if any(k in u for k in keys)), 'stub')
                if v is None:
                    v = self.backends[0] if self.backends else 'stub'
            env[n] = v
            self.changes.append('env %s=%s' % (n, v))
        return env


def main():
    cfg, outdir, stubs = sys.argv[1:4]
    outdir = os.path.abspath(outdir)
    stubs = os.path.abspath(stubs)
    os.makedirs(os.path.join(outdir, 'root'), exist_ok=True)
    raw = open(cfg, 'rb').read()
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError:
        text = raw.decode('latin-1')
    s = Stubber(outdir, stubs)
    lines = text.splitlines(keepends=True)
    new = s.rewrite(lines)
    if s.lua_files:
        body = s.lua_stub(text)
        with open(s.lua_files[0], 'w') as f:
            f.write(body)
        s.changes.append('lua stub %s' % s.lua_files[0])
    for loc, engines in s.spoe.items():
        s.spoe_stub(text, loc, engines)
    env = s.env(text)
    with open(os.path.join(outdir, 'haproxy.cfg'), 'w', newline='') as f:
        f.write(''.join(new))
    with open(os.path.join(outdir, 'env'), 'w') as f:
        for k, v in env.items():
            f.write('%s=%s\n' % (k, v))
    with open(os.path.join(outdir, 'changes.txt'), 'w') as f:
        f.write('\n'.join(s.changes) + ('\n' if s.changes else ''))


main()
