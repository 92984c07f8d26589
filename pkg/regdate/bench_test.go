package regdate

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// benchServers is how many registries the benchmark's domains are spread
// over: 16 servers × PerServer slots = 64, so --jobs up to 64 is bound by
// the servers' 50 ms, not by the per-server cap.
const benchServers = 16

// BenchmarkLookups resolves 1,000 URLs over 200 domains, spread over 16
// TLDs whose local WHOIS servers (named by a local IANA server, each on its
// own 127.0.0.1 port) add 50 ms per answer: exactly 200 lookups are made.
// "one-server" sends every query to a single server (--whois-server): there
// PerServer (4) queries run at once whatever --jobs says.
func BenchmarkLookups(b *testing.B) {
	ans := readTestdata(b, "whois/com_google.com.txt")
	m := &netMap{}
	ianaTable := map[string]string{}
	domains := make([]string, 200)
	single := map[string]string{}
	for s := range benchServers {
		tld := fmt.Sprintf("t%d", s)
		ianaTable[tld] = "refer: whois.nic." + tld + "\n"
		table := map[string]string{}
		for i := s; i < 200; i += benchServers {
			domains[i] = fmt.Sprintf("shop%d.%s", i, tld)
			table[domains[i]] = ans
			single[domains[i]] = ans
		}
		srv := startWHOIS(b, table)
		srv.delay = 50 * time.Millisecond
		m.route("whois.nic."+tld+":43", srv.addr())
	}
	m.route("whois.iana.org:43", startWHOIS(b, ianaTable).addr())
	one := startWHOIS(b, single)
	one.delay = 50 * time.Millisecond

	run := func(b *testing.B, o Options) {
		for range b.N {
			l := newTestLookup(b, m, o)
			start := time.Now()
			var wg sync.WaitGroup
			work := make(chan int)
			for range 64 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range work {
						if r := l.Date(context.Background(), domains[i%200]); !r.Known() {
							b.Errorf("%s: %s", domains[i%200], r.Err)
						}
					}
				}()
			}
			for i := 0; i < 1000; i++ {
				work <- i
			}
			close(work)
			wg.Wait()
			n, _, _, _ := l.Stats()
			if n != 200 {
				b.Fatalf("%d lookups, want 200", n)
			}
			b.ReportMetric(float64(n)/time.Since(start).Seconds(), "lookups/s")
		}
	}
	for _, jobs := range []int{1, 4, 16, 64} {
		b.Run(fmt.Sprintf("jobs=%d", jobs), func(b *testing.B) { run(b, Options{Jobs: jobs}) })
	}
	b.Run("one-server/jobs=64", func(b *testing.B) { run(b, Options{WHOISServer: one.addr(), Jobs: 64}) })
	b.Run("cache-hit", func(b *testing.B) {
		l := newTestLookup(b, m, Options{Jobs: 64})
		l.Date(context.Background(), domains[1])
		b.ResetTimer()
		start := time.Now()
		for range b.N {
			l.Date(context.Background(), domains[1])
		}
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "hits/s")
	})
}
