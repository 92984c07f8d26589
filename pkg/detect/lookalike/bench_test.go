package lookalike

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// benchHosts is a mix of unrelated real names, lookalikes and official
// domains, the shape of a day of newly registered domains.
var benchHosts = []string{
	"google.com", "shop-deals-online.top", "my-bakery.fr", "weather-today.net", "aliexpres.com",
	"xn--liexpress-zyh.com", "aliexpress-refund.com", "dhl-parcel.top", "www.aliexpress.com",
	"blog.example.co.uk", "cheap-flights-2025.xyz", "paypa1.com", "startups.com", "alibris.com",
	"sub.domain.example.org", "correos-aduana.com", "kitchenware-outlet.store", "a.b.c.d.example.com",
	"royalmail.co.uk", "newsportal.de",
}

// BenchmarkMatchHost measures domains judged per second with the built-in
// brands (one core: go test -bench MatchHost -cpu 1). The target is
// 500,000 domains/s. With -benchfile FILE it reads the hosts from a file.
func BenchmarkMatchHost(b *testing.B) {
	m := defaultMatcher(b)
	hosts := benchHosts
	if f := os.Getenv("LOOKALIKE_BENCH_FILE"); f != "" {
		hosts = readHosts(b, f)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		m.MatchHost(hosts[i%len(hosts)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "domains/s")
}

func readHosts(b *testing.B, path string) []string {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if h := strings.Fields(sc.Text()); len(h) > 0 && !strings.HasPrefix(h[0], "#") {
			out = append(out, h[0])
		}
	}
	return out
}

// FuzzMatchHost checks that no host makes the matcher panic, and that
// official domains and their subdomains are never flagged.
func FuzzMatchHost(f *testing.F) {
	for _, h := range benchHosts {
		f.Add(h)
	}
	m := defaultMatcher(f)
	f.Fuzz(func(t *testing.T, host string) {
		r, ok := m.MatchURL(host, "/"+host)
		if ok && (r.Brand == "" || r.Technique == "" || r.Official == "") {
			t.Fatalf("%q: incomplete match %+v", host, r)
		}
		if sub := strings.ToLower(host); !strings.ContainsAny(sub, "./?#") && sub != "" {
			if r, ok := m.MatchHost(sub + ".aliexpress.com"); ok {
				t.Fatalf("%q.aliexpress.com flagged: %+v", sub, r)
			}
		}
	})
}
