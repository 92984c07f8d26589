package phrase

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/scamcheck/scamcheck/pkg/normalize"
	"github.com/scamcheck/scamcheck/pkg/rules"
)

// builtinSpecs returns the specs of the built-in pattern rules, as the
// phrases detector builds them, and every example text of the rules.
func builtinSpecs(t testing.TB) ([]Spec, []string) {
	t.Helper()
	set, err := rules.Load(rules.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	var specs []Spec
	var texts []string
	for _, r := range set.Rules {
		if len(r.Patterns) == 0 {
			continue
		}
		specs = append(specs, Spec{Patterns: r.Patterns, Except: r.Except})
		texts = append(texts, r.Examples.Match...)
		texts = append(texts, r.Examples.NoMatch...)
	}
	return specs, texts
}

// soup builds a text of n words drawn from words, with now and then a
// class token, a single letter or a word the rules do not know.
func soup(r *rand.Rand, words []string, n int) string {
	var b strings.Builder
	for range n {
		switch x := r.IntN(40); {
		case x == 0:
			b.WriteString("zzqx")
		case x == 1:
			b.WriteString("q")
		case x == 2:
			b.WriteString([]string{"\x01u", "\x01m", "\x01w", "\x01p", "\x01h"}[r.IntN(5)])
		default:
			b.WriteString(words[r.IntN(len(words))])
		}
		b.WriteByte(' ')
	}
	return b.String()
}

// patternWords returns the words of the patterns (groups split), for soups.
func patternWords(specs []Spec) []string {
	seen := map[string]bool{}
	var out []string
	for _, sp := range specs {
		for _, p := range append(slices.Clone(sp.Patterns), sp.Except...) {
			for _, w := range strings.FieldsFunc(p, func(r rune) bool { return strings.ContainsRune(" ()|~.", r) }) {
				w = strings.TrimSuffix(w, "*")
				if w == "" || strings.HasPrefix(w, "{") || seen[w] || (w[0] >= '0' && w[0] <= '9') {
					continue
				}
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	slices.Sort(out)
	return out
}

// TestMatchesReference checks that Compile and Match find exactly the hits
// of the original implementation: on the built-in rules with their examples,
// the benchmark messages, long texts, and random soups of pattern words
// (dense in partial matches, exceptions and hit limits).
func TestMatchesReference(t *testing.T) {
	specs, texts := builtinSpecs(t)
	m, err := Compile(specs) // from the snapshot, when it is fresh
	if err != nil {
		t.Fatal(err)
	}
	mc, err := compile(specs)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := refCompile(specs)
	if err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile("../../testdata/bench/messages.txt"); err == nil {
		msgs := strings.Split(strings.TrimSpace(string(data)), "\n")
		texts = append(texts, msgs...)
		r := rand.New(rand.NewPCG(1, 2))
		var sb strings.Builder
		for sb.Len() < 200_000 {
			sb.WriteString(msgs[r.IntN(len(msgs))])
			sb.WriteString("\n")
		}
		texts = append(texts, sb.String())
	}
	words := patternWords(specs)
	r := rand.New(rand.NewPCG(5, 6))
	n := 3000
	if testing.Short() {
		n = 300
	}
	for range n {
		texts = append(texts, soup(r, words, 1+r.IntN(40)))
	}
	texts = append(texts, soup(r, words, 20000))
	total := 0
	for _, tx := range texts {
		nt := normalize.Normalize(tx, classMasks(tx))
		got, want := m.Match(nt), ref.Match(nt)
		total += len(want)
		if gotc := mc.Match(nt); !slices.Equal(gotc, want) {
			t.Fatalf("compiled: Match(%.300q):\n got  %v\n want %v", tx, gotc, want)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("Match(%.300q):\n got  %v\n want %v", tx, got, want)
		}
	}
	t.Logf("%d texts, %d hits", len(texts), total)
}

// TestMatchesReferenceSmall compares on small hand-made spec sets with
// words shared between specs, optional groups and exceptions.
func TestMatchesReferenceSmall(t *testing.T) {
	pats := []string{
		"a b", "(a|b) c", "(a|) b ... c", "(x|y|) (a b|c d|) e", "pay* ~2 now", "(pay*|send|transf*) (the|) money",
		"a ~5 b ~1 c", "(q|r|s|t|u|v|w) (a|b|c|d|e|f|g)", "{money} a", "a {url}", "(a b c|ab|abc) d", "(b|) (c|) d",
		"west* union", "western union", "(a|b|c|d|e|f|g|h) ... (a|b|c|d|e|f|g|h) ... (a|b|c)",
	}
	words := []string{"a", "b", "c", "d", "e", "f", "g", "h", "q", "r", "s", "t", "u", "v", "w", "x", "y", "pay", "payment",
		"send", "transfer", "the", "money", "now", "west", "western", "union", "westernunion", "ab", "abc", "\x01m", "\x01u", "zz"}
	r := rand.New(rand.NewPCG(7, 8))
	total := 0
	for round := range 300 {
		var specs []Spec
		for range 1 + r.IntN(8) {
			sp := Spec{}
			for range 1 + r.IntN(3) {
				sp.Patterns = append(sp.Patterns, pats[r.IntN(len(pats))])
			}
			for range r.IntN(2) {
				sp.Except = append(sp.Except, pats[r.IntN(len(pats))])
			}
			specs = append(specs, sp)
		}
		m, err := Compile(specs)
		if err != nil {
			t.Fatal(err)
		}
		ref, err := refCompile(specs)
		if err != nil {
			t.Fatal(err)
		}
		for range 50 {
			var b strings.Builder
			for range r.IntN(60) {
				b.WriteString(words[r.IntN(len(words))])
				b.WriteByte(' ')
			}
			// Class tokens are control bytes, which Normalize drops: put
			// them back as masks are.
			nt := normalize.Normalize(b.String(), classMasks(b.String()))
			got, want := m.Match(nt), ref.Match(nt)
			total += len(want)
			if !slices.Equal(got, want) {
				t.Fatalf("round %d: specs %v\ntext %q\n got  %v\n want %v", round, specs, b.String(), got, want)
			}
		}
	}
	if total < 1000 {
		t.Errorf("only %d hits: the texts do not exercise the matcher", total)
	}
}

// classMasks masks every "\x01x" class token of s as itself.
func classMasks(s string) []normalize.Mask {
	var ms []normalize.Mask
	for i := 0; i+1 < len(s); i++ {
		if s[i] == 1 {
			ms = append(ms, normalize.Mask{Start: i, End: i + 2, Token: s[i : i+2]})
		}
	}
	return ms
}

// TestParseErrorsMatchReference checks that broken patterns get the same
// error as before, by mutating the built-in patterns.
func TestParseErrorsMatchReference(t *testing.T) {
	specs, _ := builtinSpecs(t)
	var pats []string
	for _, sp := range specs {
		pats = append(pats, sp.Patterns...)
		pats = append(pats, sp.Except...)
	}
	pats = append(pats, "", " ", "(", ")", "|", "...", "~", "~0", "~21", "a ~", "(|)", "( )", "(a|)", "a\u00a0b", "(a\u00a0b|c)", "(a\tb|c d)",
		"{url}", "{url", "{x}", "ab*", "abc*", "a**", "Ｗestern*", "don't*", "(a|~2)", "(a ... b)", "a...b", "a.b", "a..b", "x~3", "!!!", "(!!!|a)")
	muts := []string{"(", ")", "|", "~", "~3", "...", "*", "{", "}", " ", "", "{url}", "!", "ß"}
	r := rand.New(rand.NewPCG(9, 10))
	check := func(p string) {
		got, want := Validate(p), refValidate(p)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("Validate(%q) = %v, want %v", p, got, want)
		}
	}
	for _, p := range pats {
		check(p)
		for range 3 {
			i := r.IntN(len(p) + 1)
			j := min(len(p), i+r.IntN(3))
			check(p[:i] + muts[r.IntN(len(muts))] + p[j:])
		}
	}
	// And Compile reports the same patterns.
	bad := slices.Clone(specs)
	for i := range bad {
		bad[i].Patterns = slices.Clone(bad[i].Patterns)
		if r.IntN(3) == 0 {
			k := r.IntN(len(bad[i].Patterns))
			bad[i].Patterns[k] += " ("
		}
	}
	_, err := Compile(bad)
	_, rerr := refCompile(bad)
	if fmt.Sprint(err) != fmt.Sprint(rerr) || err == nil {
		t.Fatalf("Compile errors differ:\n%v\n---\n%v", err, rerr)
	}
}

func refValidate(p string) error {
	_, err := refParse(p, nil)
	return err
}

// BenchmarkCompileBuiltin compiles the built-in pattern rules.
func BenchmarkCompileBuiltin(b *testing.B) {
	specs, _ := builtinSpecs(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := compile(specs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSnapshotBuiltin gets the built-in matcher from the snapshot.
func BenchmarkSnapshotBuiltin(b *testing.B) {
	specs, _ := builtinSpecs(b)
	if fromSnapshot(specs) == nil {
		b.Skip("stale snapshot")
	}
	b.ReportAllocs()
	for b.Loop() {
		fromSnapshot(specs)
	}
}

// TestMatchConcurrent matches texts of every size from several goroutines
// (the matcher reuses scratch space between calls) and compares with
// matching them one by one.
func TestMatchConcurrent(t *testing.T) {
	specs, texts := builtinSpecs(t)
	m, err := Compile(specs)
	if err != nil {
		t.Fatal(err)
	}
	words := patternWords(specs)
	r := rand.New(rand.NewPCG(13, 14))
	for _, n := range []int{5000, 70000} {
		texts = append(texts, soup(r, words, n))
	}
	norms := make([]*normalize.Text, len(texts))
	want := make([][]Hit, len(texts))
	for i, tx := range texts {
		norms[i] = normalize.Normalize(tx, classMasks(tx))
		want[i] = m.Match(norms[i])
	}
	errs := make(chan error, 4)
	for g := range 4 {
		go func() {
			for k := range len(norms) {
				i := (k*7 + g*13) % len(norms)
				if got := m.Match(norms[i]); !slices.Equal(got, want[i]) {
					errs <- fmt.Errorf("text %d: got %v, want %v", i, got, want[i])
					return
				}
			}
			errs <- nil
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
