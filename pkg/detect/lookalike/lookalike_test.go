package lookalike

import (
	"bufio"
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/scamcheck/scamcheck/pkg/detect"
	"github.com/scamcheck/scamcheck/pkg/extract"
	"github.com/scamcheck/scamcheck/pkg/rules"
)

// readCases reads a tab-separated fixture, skipping comments.
func readCases(t testing.TB, name string) [][]string {
	t.Helper()
	f, err := os.Open("../../../testdata/lookalike/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, strings.Split(line, "\t"))
	}
	return out
}

func defaultMatcher(t testing.TB) *Matcher {
	t.Helper()
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return NewMatcher(c)
}

// TestHosts checks testdata/lookalike/hosts.tsv: brand, technique and
// distance of each host, or that it is not flagged.
func TestHosts(t *testing.T) {
	m := defaultMatcher(t)
	for _, c := range readCases(t, "hosts.tsv") {
		t.Run(c[0], func(t *testing.T) {
			got, ok := m.MatchHost(c[0])
			if c[1] == "-" {
				if ok {
					t.Fatalf("flagged: %s (%s)", got.Evidence(), got.Technique)
				}
				return
			}
			if !ok {
				t.Fatalf("not flagged, want %s %s", c[1], c[2])
			}
			if got.Brand != c[1] || got.Technique != c[2] {
				t.Errorf("got %s %s (%s), want %s %s", got.Brand, got.Technique, got.Evidence(), c[1], c[2])
			}
			if len(c) > 3 {
				if d, _ := strconv.Atoi(c[3]); got.Distance != d {
					t.Errorf("distance %d, want %d (%s)", got.Distance, d, got.Evidence())
				}
			}
			if !strings.Contains(got.Evidence(), " vs "+got.Official+": ") || got.Detail == "" {
				t.Errorf("evidence %q does not show the two side by side", got.Evidence())
			}
		})
	}
}

// TestURLs checks testdata/lookalike/urls.tsv: brands in link paths.
func TestURLs(t *testing.T) {
	m := defaultMatcher(t)
	for _, c := range readCases(t, "urls.tsv") {
		t.Run(c[0], func(t *testing.T) {
			u, err := extract.ParseOne(c[0])
			if err != nil {
				t.Fatal(err)
			}
			got, ok := m.MatchURL(u.Host, u.Path)
			if c[1] == "-" {
				if ok {
					t.Fatalf("flagged: %s (%s)", got.Evidence(), got.Technique)
				}
				return
			}
			if !ok || got.Brand != c[1] || got.Technique != c[2] {
				t.Fatalf("got %v %s %s, want %s %s", ok, got.Brand, got.Technique, c[1], c[2])
			}
		})
	}
}

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		k    int
		want int
	}{
		{"aliexpress", "aliexpress", 2, 0},
		{"aliexpres", "aliexpress", 2, 1},
		{"laiexpress", "aliexpress", 2, 1}, // transposition counts once
		{"aliexespress", "aliexpress", 2, 2},
		{"express", "aliexpress", 2, 3}, // early exit: k+1
		{"alibris", "alibaba", 1, 2},
		{"", "abc", 5, 3},
	} {
		if got := distance(c.a, c.b, c.k); got != c.want {
			t.Errorf("distance(%q, %q, %d) = %d, want %d", c.a, c.b, c.k, got, c.want)
		}
	}
}

func TestClassify(t *testing.T) {
	for _, c := range []struct{ s, want string }{
		{"aliexpres", SignalOmission},
		{"aliexpresss", SignalRepetition},
		{"aliexpressx", SignalAddition},
		{"aliexpdress", SignalInsertion},
		{"aliexpresa", SignalKeyboard},
		{"aliexpriss", SignalVowelSwap},
		{"aliexprecs", SignalBitsquatting},
		{"aliexprens", SignalReplacement},
		{"aliepxress", SignalTransposition},
		{"a1iexpress", SignalHomoglyph},
	} {
		if got, _ := classify(c.s, "aliexpress"); got != c.want {
			t.Errorf("classify(%q) = %s, want %s", c.s, got, c.want)
		}
	}
}

// TestUserBrands checks --brand domains and brands/*.yaml of a user folder.
func TestUserBrands(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddDomain("https://www.MyShop.co.uk/"); err != nil {
		t.Fatal(err)
	}
	user := fstest.MapFS{"brands/bank.yaml": {Data: []byte("brands:\n  - name: Example Bank\n    domains: [examplebank.com]\n    tokens: [examplebank]\n")}}
	if err := c.AddDir(user, "user"); err != nil {
		t.Fatal(err)
	}
	m := NewMatcher(c)
	for host, brand := range map[string]string{
		"myshop-orders.top":   "myshop.co.uk",
		"examplebenk.com":     "Example Bank",
		"examplebank.support": "Example Bank",
	} {
		if got, ok := m.MatchHost(host); !ok || got.Brand != brand {
			t.Errorf("%s: got %v %q, want %q", host, ok, got.Brand, brand)
		}
	}
	for _, host := range []string{"myshop.co.uk", "www.examplebank.com"} {
		if got, ok := m.MatchHost(host); ok {
			t.Errorf("%s: official domain flagged as %s", host, got.Technique)
		}
	}
	for _, bad := range []string{"", "nodot", "..."} {
		if err := c.AddDomain(bad); err == nil {
			t.Errorf("AddDomain(%q): no error", bad)
		}
	}
	bad := fstest.MapFS{"brands/x.yaml": {Data: []byte("brands:\n  - name: X\n    domainz: [x.com]\n")}}
	if err := c.AddDir(bad, "user"); err == nil {
		t.Error("unknown field in a brands file: no error")
	}
}

// TestDetector runs the detector on a document with the built-in rules.
func TestDetector(t *testing.T) {
	set, err := rules.Load(rules.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	d, err := New(set, nil)
	if err != nil {
		t.Fatal(err)
	}
	text := "Pay at https://aliexpres.com/pay or https://aliexpres.com/pay2, not https://aliexpress.com"
	doc := &detect.Document{Text: text, URLs: extract.URLs(text)}
	fs, err := d.Detect(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].ID != "lookalike.omission" || fs[0].URL != 0 || fs[0].Layer != "lookalike" {
		t.Fatalf("findings %+v, want one lookalike.omission on the first link", fs)
	}
	if !strings.Contains(fs[0].Message, "AliExpress") || strings.Contains(fs[0].Message, "{brand}") {
		t.Errorf("message %q: brand not filled in", fs[0].Message)
	}
	if fs[0].Evidence != `aliexpres.com vs aliexpress.com: the letter "s" is missing` {
		t.Errorf("evidence %q", fs[0].Evidence)
	}
	for _, s := range Signals {
		if _, ok := d.rules[s]; !ok {
			t.Errorf("no built-in rule for signal %s", s)
		}
	}
}
