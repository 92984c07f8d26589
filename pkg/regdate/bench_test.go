package regdate

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// BenchmarkLookups resolves 1,000 URLs over 200 domains against a local
// WHOIS server that adds 50 ms per answer: exactly 200 lookups are made.
func BenchmarkLookups(b *testing.B) {
	ans := readTestdata(b, "whois/com_google.com.txt")
	table := map[string]string{}
	for i := 0; i < 200; i++ {
		table[fmt.Sprintf("shop%d.com", i)] = ans
	}
	srv := startWHOIS(b, table)
	srv.delay = 50 * time.Millisecond
	for _, jobs := range []int{1, 4, 16, 64} {
		b.Run(fmt.Sprintf("jobs=%d", jobs), func(b *testing.B) {
			for range b.N {
				l := newTestLookup(b, &netMap{}, Options{WHOISServer: srv.addr(), Jobs: jobs})
				start := time.Now()
				var wg sync.WaitGroup
				work := make(chan int)
				for range 64 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for i := range work {
							l.Date(context.Background(), fmt.Sprintf("shop%d.com", i%200))
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
		})
	}
	b.Run("cache-hit", func(b *testing.B) {
		l := newTestLookup(b, &netMap{}, Options{WHOISServer: srv.addr(), Jobs: 64})
		l.Date(context.Background(), "shop1.com")
		b.ResetTimer()
		start := time.Now()
		for range b.N {
			l.Date(context.Background(), "shop1.com")
		}
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "hits/s")
	})
}
