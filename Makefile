# baton — build, test, run the demo, install.
# `make` builds target/baton.jar and target/test-servers.jar; `make test` runs every test;
# `make run` starts the sample backends and baton on etc/baton.cfg in the foreground (Ctrl-C stops all).
# `make bench-failover` kills and restarts a server under wrk, baton then HAProxy (bench/check-failover.sh; 45 s).
# `make bench-queues` bursts 500 clients on 4 servers at maxconn 10, baton then HAProxy (bench/queues.sh; about 1 minute;
# knobs DURATION, WARMUP, CONNECTIONS; writes target/bench/queues.md).
# `make bench-maps` answers requests with map_ip and map_beg lookups on 100-entry and 100 000-entry maps, baton then
# HAProxy (bench/maps.sh; about 1.5 minutes; knobs ENTRIES, DURATION, WARMUP; writes target/bench/maps.md).
# `make bench-takeover` runs the takeover benchmark (bench/takeover.sh; about 4 minutes; baton and HAProxy; figures, no verdict).
# `make bench-tls` runs TLS side by side with HAProxy: keep-alive, full and resumed handshakes, bulk 1 MiB, keep-alive p99
# under a handshake storm, closed-loop and at fixed rates (bench/tls/tls.sh; about 10 minutes; knobs ROUNDS, DURATION,
# WARMUP, RUNS, KA_RATE, STORM_RATE; writes target/bench/tls-report.txt).
# `make check-tls` runs testssl.sh against baton's TLS binds (defaults and Mozilla intermediate) and fails on a finding rated
# HIGH or CRITICAL (bench/tls/testssl.sh; about 12 minutes; installs Debian's testssl.sh when missing).
# `make bench-latency` measures latency at fixed rates (50 % and 80 % of HAProxy's maximum) with an open-loop client,
# baton, HAProxy and the rig alone side by side, the balancer pinned to its own CPUs (bench/latency.sh; about 16
# minutes; knobs ROUNDS, DURATION, SCENARIOS, RATES, PIN; writes
# target/bench/latency.tsv and latency.md).
# `make bench-reload` reloads the configuration 20 times under wrk (keep-alive, then Connection: close clients), baton
# then HAProxy -W (bench/reload.sh; about 2.5 minutes; knobs DURATION, RELOADS, CONNECTIONS; writes target/bench/reload.md).
# `make bench-syscalls` counts system calls per connection-per-request request, baton and HAProxy side by side (strace;
# bench/syscalls.sh; about 1 minute; writes target/bench/syscalls.txt).
# `make bench` runs baton side by side with HAProxy and NGINX (bench/bench.sh; about 14 minutes; knobs ROUNDS,
# DURATION, WARMUP, SCENARIOS, BALANCERS; writes target/bench/results.tsv, report.md and chart.svg).

PREFIX    ?= /usr/local
SYSCONF   ?= /etc/baton
UNITDIR   ?= /etc/systemd/system
MVN       ?= mvn -B -q
JAVA      ?= java
CONFIG    ?= etc/baton.cfg
JAR       := target/baton.jar
TS_JAR    := target/test-servers.jar
MAIN_SRC  := $(shell find src/main -type f 2>/dev/null) pom.xml
TS_SRC    := $(shell find test-servers -name '*.java' 2>/dev/null)

.PHONY: build test run check install uninstall clean bench-takeover bench bench-failover bench-queues bench-maps bench-tls check-tls \
        bench-reload

build: $(JAR) $(TS_JAR)

$(JAR): $(MAIN_SRC)
	$(MVN) -DskipTests package

# The test servers use the JDK only, so plain javac builds their standalone jar.
$(TS_JAR): $(TS_SRC)
	rm -rf target/test-servers-classes
	mkdir -p target/test-servers-classes
	javac --release 17 -Xlint:all -Werror -d target/test-servers-classes $(TS_SRC)
	jar --create --file $@ --main-class dev.baton.testservers.TestServers -C target/test-servers-classes .

# Not quiet: surefire's "Tests run: N, Failures: F" summary is the test report.
test:
	mvn -B test

run: build
	scripts/run-demo.sh $(CONFIG)

bench-takeover: build
	bench/takeover.sh

bench: build
	bench/bench.sh

bench-latency: build
	bench/latency.sh

bench-reload: build
	bench/reload.sh

bench-syscalls: build
	bench/syscalls.sh

bench-failover: build
	bench/check-failover.sh

bench-queues: build
	bench/queues.sh

bench-maps: build
	bench/maps.sh

bench-tls: build
	bench/tls/tls.sh

check-tls: build
	bench/tls/testssl.sh

check: $(JAR)
	scripts/baton -c -f $(CONFIG)

install: $(JAR)
	install -d $(DESTDIR)$(PREFIX)/lib/baton $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(SYSCONF) \
		$(DESTDIR)$(UNITDIR) $(DESTDIR)$(PREFIX)/share/doc/baton
	install -m 0644 $(JAR) $(DESTDIR)$(PREFIX)/lib/baton/baton.jar
	install -m 0755 scripts/baton $(DESTDIR)$(PREFIX)/bin/baton
	sed 's|/usr/local/|$(PREFIX)/|g' systemd/baton.service > $(DESTDIR)$(UNITDIR)/baton.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/baton.service
	install -m 0644 README.md docs/stats.md $(DESTDIR)$(PREFIX)/share/doc/baton/
	@if [ -e $(DESTDIR)$(SYSCONF)/baton.cfg ]; then \
		echo "keeping existing $(DESTDIR)$(SYSCONF)/baton.cfg"; \
	else \
		install -m 0644 etc/baton.cfg $(DESTDIR)$(SYSCONF)/baton.cfg; \
	fi

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/baton $(DESTDIR)$(PREFIX)/lib/baton/baton.jar $(DESTDIR)$(UNITDIR)/baton.service
	rm -rf $(DESTDIR)$(PREFIX)/share/doc/baton
	-rmdir $(DESTDIR)$(PREFIX)/lib/baton

clean:
	rm -rf target
