package lookalike

import (
	"bufio"
	"context"
	"math/rand/v2"
	"os"
	"slices"
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
	user := fstest.MapFS{
		"brands/bank.yaml":      {Data: []byte("brands:\n  - name: Example Bank\n    domains: [examplebank.com]\n    tokens: [examplebank]\n")},
		"brands/platforms.yaml": {Data: []byte("platforms: [example-desk.com]\nreview_words: [erfaring]\n")},
	}
	if err := c.AddDir(user, "user"); err != nil {
		t.Fatal(err)
	}
	m := NewMatcher(c)
	for host, brand := range map[string]string{
		"myshop-orders.top":   "myshop.co.uk",
		"examplebenk.com":     "Example Bank",
		"examplebank.support": "Example Bank",
		// a misspelled brand counts in a subdomain of a user's platform
		"examplebenk.example-desk.com": "Example Bank",
	} {
		if got, ok := m.MatchHost(host); !ok || got.Brand != brand {
			t.Errorf("%s: got %v %q, want %q", host, ok, got.Brand, brand)
		}
	}
	if got, ok := m.MatchURL("blog.example.org", "/examplebank-erfaring"); !ok || got.Technique != SignalPathReview {
		t.Errorf("user review word: got %v %s, want %s", ok, got.Technique, SignalPathReview)
	}
	if got, ok := m.MatchHost("examplebenk.other-desk.com"); ok {
		t.Errorf("misspelled brand in a subdomain of a non-platform flagged: %s", got.Evidence())
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

// refDistance is the plain optimal-string-alignment distance, for checking
// the banded one with its early exits.
func refDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// TestDistanceRandom compares distance with the plain computation on
// random short strings over a small alphabet, for every bound k.
func TestDistanceRandom(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		b := make([]byte, rnd.IntN(9))
		for i := range b {
			b[i] = "abc-1"[rnd.IntN(5)]
		}
		return string(b)
	}
	for range 50000 {
		a, b := word(), word()
		want := refDistance(a, b)
		for k := 0; k <= 9; k++ {
			w := want
			if w > k {
				w = k + 1
			}
			if got := distance(a, b, k); got != w {
				t.Fatalf("distance(%q, %q, %d) = %d, want %d", a, b, k, got, w)
			}
		}
	}
}

// TestCuts checks that glued's prefilter never drops a cut where the
// combo-word tests would pass, with one-letter and long user words too.
func TestCuts(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	c.ComboWords = append(c.ComboWords, "x", "0", "verylongcomboword-with-hyphen")
	m := NewMatcher(c)
	lo, hi := max(3, m.minTok-2), m.maxTok+2
	rnd := rand.New(rand.NewPCG(3, 4))
	words := append(slices.Clone(c.ComboWords), "aliexpress", "dhl", "paypa", "")
	for range 20000 {
		var b strings.Builder
		for b.Len() < 1+rnd.IntN(40) {
			if rnd.IntN(3) == 0 {
				b.WriteByte("abcxyz0-"[rnd.IntN(8)])
			} else {
				b.WriteString(words[rnd.IntN(len(words))])
			}
		}
		w := b.String()
		if len(w) > maxLabel {
			w = w[:maxLabel]
		}
		n := len(w)
		suf, pre := m.cuts(w, lo, hi)
		for p := 1; p < n; p++ {
			l := n - p
			wantSuf := p >= lo && p <= hi && l >= m.minWord && l <= m.maxWord && m.words[w[p:]]
			wantPre := l >= lo && l <= hi && p >= m.minWord && p <= m.maxWord && m.words[w[:p]]
			if wantSuf && suf&(1<<p) == 0 || wantPre && pre&(1<<p) == 0 {
				t.Fatalf("%q: cut %d dropped (suffix %v, prefix %v)", w, p, wantSuf, wantPre)
			}
			if m.isWord(w[p:]) != m.words[w[p:]] || m.isWord(w[:p]) != m.words[w[:p]] {
				t.Fatalf("%q: isWord disagrees with the word set at %d", w, p)
			}
		}
	}
}
