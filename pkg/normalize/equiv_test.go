package normalize

import (
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
)

// equivPieces are the fragments random texts are built from: every path of
// the normaliser (ASCII fast path, per-rune path, homoglyphs, joining of
// spaced-out letters, dropped characters, invalid bytes).
var equivPieces = []string{
	"pay", "Pay", "NOW", "western", "union", "24h", "1.99", "usd", "a", "b", "c", "I", "x", "7",
	" ", " ", " ", "  ", ".", ",", "-", "_", "*", "|", "/", "·", "•", "\u00a0", "\n", "\t", "!", "'",
	"Аliexpress", "оплата", "oплата", "Ваша", "пошлину", "й", "ё", "pαypal", "lοgin", "WЕSТЕRN",
	"alfândega", "réexpédition", "Straße", "ß", "ﬁ", "Ｕnion", "ＡＬＩ", "𝐏𝐚𝐲", "ⓟⓐⓨ", "İ", "ı",
	"\u200b", "\u00ad", "\u200d", "\ufeff", "\u0301", "\xff", "\xfe\x00", "😀", "中文", "¥", "€", "№",
	"w e s t e r n", "W.E.S.T.E.R.N", "u n i o n", "ab", "Ab", "ABC", "é", "É", "ç", "ü",
}

func randomText(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(equivPieces[r.IntN(len(equivPieces))])
	}
	return b.String()
}

func randomMasks(r *rand.Rand, s string) []Mask {
	var ms []Mask
	for range r.IntN(4) {
		if len(s) == 0 {
			break
		}
		a := r.IntN(len(s))
		e := a + 1 + r.IntN(8)
		if r.IntN(10) == 0 {
			e = a // an empty mask is ignored
		}
		tok := []string{"\x01u", "\x01m", "\x01p"}[r.IntN(3)]
		ms = append(ms, Mask{Start: a, End: e, Token: tok})
	}
	slices.SortStableFunc(ms, func(a, b Mask) int { return a.Start - b.Start })
	return ms
}

func sameText(t *testing.T, s string, masks []Mask) {
	t.Helper()
	got, want := Normalize(s, masks), refNormalize(s, masks)
	if got.Norm != want.Norm || !slices.Equal(got.origOff, want.origOff) || !slices.Equal(got.wordStart, want.wordStart) || got.Orig != want.Orig {
		t.Fatalf("Normalize(%q, %v):\n got  %q %v %v\n want %q %v %v", s, masks,
			got.Norm, got.origOff, got.wordStart, want.Norm, want.origOff, want.wordStart)
	}
}

// TestNormalizeMatchesReference compares Normalize with the original
// implementation on random texts and on the benchmark messages.
func TestNormalizeMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		s := randomText(r, r.IntN(24))
		sameText(t, s, nil)
		sameText(t, s, randomMasks(r, s))
	}
	if data, err := os.ReadFile("../../testdata/bench/messages.txt"); err == nil {
		sameText(t, string(data), nil)
		for _, m := range strings.Split(string(data), "\n") {
			sameText(t, m, nil)
			sameText(t, m, randomMasks(r, m))
		}
	}
}

// FuzzNormalizeReference compares Normalize with the original
// implementation on any input.
func FuzzNormalizeReference(f *testing.F) {
	for _, s := range []string{"", "Western Ｕnion", "Аliexpress", "w e s t e r n", "\xff\xfe\x00", "a\u200bb", "ﬁ", "𝐏", "İ", "ß", "a b c d e"} {
		f.Add(s, 0, 0)
	}
	f.Fuzz(func(t *testing.T, s string, ms, me int) {
		var masks []Mask
		if ms >= 0 && me > ms && me <= len(s) {
			masks = []Mask{{Start: ms, End: me, Token: "\x01u"}}
		}
		sameText(t, s, masks)
	})
}

// TestCanonical checks that Canonical words normalise to themselves.
func TestCanonical(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	n := 0
	check := func(w string) {
		if Canonical(w) {
			n++
			if got := String(w); got != " "+w+" " {
				t.Fatalf("Canonical(%q) but String = %q", w, got)
			}
		}
	}
	for range 50000 {
		check(randomText(r, 1+r.IntN(3)))
	}
	for _, w := range []string{"оплата", "пошлину", "alfandega", "sécurité", "ваша", "a", "й", "ё", "paypal", "24h", "αβγ", "straße"} {
		check(w)
	}
	for _, w := range []string{"oплата", "Ваша", "É", "ﬁ", "é", "", " ", "a b", "\u0301"} {
		if Canonical(w) && String(w) != " "+w+" " {
			t.Errorf("Canonical(%q) = true", w)
		}
	}
	if !Canonical("оплата") || !Canonical("alfandega") || Canonical("oплата") {
		t.Errorf("Canonical is wrong on plain words")
	}
	if n < 100 {
		t.Errorf("only %d canonical words tried", n)
	}
}
