package scan

import (
	"bufio"
	"context"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/scamcheck/scamcheck/pkg/detect"
	"github.com/scamcheck/scamcheck/pkg/extract"
	"github.com/scamcheck/scamcheck/pkg/rules"
	"github.com/scamcheck/scamcheck/pkg/urlscan/urlgen"
)

// mapCache is a plain DomainCache for tests.
type mapCache struct {
	mu sync.Mutex
	m  map[string]DomainResult
}

func (c *mapCache) Get(d string) (DomainResult, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.m[d]
	return r, ok
}

func (c *mapCache) Put(d string, r DomainResult) {
	c.mu.Lock()
	c.m[d] = r
	c.mu.Unlock()
}

// TestCheckURLMatchesDetector: the cached, filtered lookalike judgement of
// CheckURL equals the full lookalike detector and the url detector on each
// URL, with and without a cache, on generated lists and the lookalike test
// cases.
func TestCheckURLMatchesDetector(t *testing.T) {
	set, err := rules.Load(rules.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(set)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(7, 7))
	var lines []string
	for i := range 30000 {
		lines = append(lines, string(urlgen.Line(nil, r, i)))
	}
	lines = append(lines, "https://evil.top/AliExpress-login", "https://ali.express.com/x", "https://www.aliexpres.com/",
		"https://login.aliexpress.com.evil.top/paypal", "http://shop.example.com/%E2%84%AAlarna", "https://express.com/aliexpress",
		"https://paypal.com.secure.top/", "https://sub.alibris.com/aliexpress", "https://www.paypal.com/", "https://pay.pal.com/")
	for _, f := range []string{"../../testdata/lookalike/hosts.tsv", "../../testdata/lookalike/urls.tsv"} {
		fh, err := os.Open(f)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			if l := strings.TrimSpace(strings.Split(sc.Text(), "\t")[0]); l != "" && l[0] != '#' {
				lines = append(lines, l)
			}
		}
		fh.Close()
	}
	cache := &mapCache{m: map[string]DomainResult{}}
	n := 0
	for _, l := range lines {
		u, err := extract.ParseOne(l)
		if err != nil {
			continue
		}
		n++
		want := append(s.sig.Check(&u), s.look.Check(&u)...)
		wm, wok := s.look.Match(&u)
		for _, c := range []DomainCache{nil, cache, cache} {
			v := s.CheckURL(context.Background(), &u, c)
			if !sameFindings(v.Reasons, want) {
				t.Fatalf("%s: CheckURL reasons %v, detectors %v", l, ids(v.Reasons), ids(want))
			}
			if wok && (v.Brand != wm.Brand || v.Technique != wm.Technique || v.Distance != wm.Distance) {
				t.Fatalf("%s: match %s/%s/%d, want %+v", l, v.Brand, v.Technique, v.Distance, wm)
			}
		}
	}
	if n < 25000 {
		t.Fatalf("only %d URLs parsed", n)
	}
}

// sameFindings compares the rule findings (not combinations) as sets.
func sameFindings(got, want []detect.Finding) bool {
	g := map[string]detect.Finding{}
	for _, f := range got {
		if f.Layer != "combination" {
			f.URL, f.Start, f.End = 0, 0, 0
			g[f.ID] = f
		}
	}
	w := map[string]detect.Finding{}
	for _, f := range want {
		f.URL, f.Start, f.End = 0, 0, 0
		w[f.ID] = f
	}
	return reflect.DeepEqual(g, w)
}

func ids(fs []detect.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.ID)
	}
	return out
}
