package normalize

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Pay NOW, please!", " pay now please "},
		{"full-width letters", "Western Ｕnion", " western union "},
		{"full-width word", "ＡＬＩＥＸＰＲＥＳＳ", " aliexpress "},
		{"cyrillic A in latin word", "Аliexpress", " aliexpress "},
		{"greek alpha and omicron in latin word", "pαypal lοgin", " paypal login "},
		{"uppercase cyrillic lookalikes", "WЕSТЕRN UNIОN", " western union "},
		{"latin o in cyrillic word", "oплатите сейчас", " оплатите сеичас "},
		{"pure cyrillic untouched", "Ваша посылка задержана", " ваша посылка задержана "},
		{"accents removed", "Taxa alfândega, réexpédition, reenvío", " taxa alfandega reexpedition reenvio "},
		{"zero-width inside word", "pa\u200by p\u00adal", " pay pal "},
		{"zero-width joiner and BOM", "\ufeffwe\u200dstern", " western "},
		{"sharp s", "Straße", " strasse "},
		{"ligature", "ﬁnal notice", " final notice "},
		{"spaced letters single spaces", "w e s t e r n  u n i o n", " western union "},
		{"spaced letters with dots", "W.E.S.T.E.R.N", " western "},
		{"short runs stay", "I am a b c", " i am a b c "},
		{"digits kept", "within 24h, 1.99 USD", " within 24h 1 99 usd "},
		{"invalid utf-8 separates", "pay\xffnow", " pay now "},
		{"empty", "", " "},
		{"only punctuation", "!!! ...", " "},
		{"apostrophe splits", "don't", " don t "},
		{"math bold", "𝐏𝐚𝐲𝐩𝐚𝐥", " paypal "},
		{"circled letters", "ⓟⓐⓨ", " pay "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Normalize(tc.in, nil).Norm
			if got != tc.want {
				t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestEvidenceIsOriginalText(t *testing.T) {
	in := "Send it via W e s t e r n  U n i o n, or Ｕnion pay."
	tx := Normalize(in, nil)
	var words []string
	for w := range tx.Words() {
		s, e := tx.WordSpan(w)
		words = append(words, tx.Evidence(s, e))
	}
	want := []string{"Send", "it", "via", "W e s t e r n", "U n i o n", "or", "Ｕnion", "pay"}
	if strings.Join(words, "|") != strings.Join(want, "|") {
		t.Errorf("evidence words = %q, want %q", words, want)
	}
}

func TestMasks(t *testing.T) {
	in := "Pay 1.99 USD at https://x.top/pay now"
	masks := []Mask{
		{Start: 4, End: 12, Token: "\x01m"},
		{Start: 16, End: 33, Token: "\x01u"},
	}
	tx := Normalize(in, masks)
	if want := " pay \x01m at \x01u now "; tx.Norm != want {
		t.Fatalf("Norm = %q, want %q", tx.Norm, want)
	}
	s, _ := tx.WordSpan(1)
	_, e := tx.WordSpan(3)
	if got := tx.Evidence(s, e); got != "1.99 USD at https://x.top/pay" {
		t.Errorf("evidence = %q", got)
	}
}

func TestWordAt(t *testing.T) {
	tx := Normalize("alpha beta gamma", nil)
	for off, want := range map[int]int{0: 0, 1: 0, 5: 0, 6: 1, 7: 1, 12: 2, 16: 2} {
		if got := tx.WordAt(off); got != want {
			t.Errorf("WordAt(%d) = %d, want %d", off, got, want)
		}
	}
}

// FuzzNormalize checks the invariants of the canonical form on any input.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"", "Western Ｕnion", "Аliexpress", "w e s t e r n", "\xff\xfe\x00", "a\u200bb", "ﬁ", "𝐏", "İ", "ß"} {
		f.Add(s, 0, 0)
	}
	f.Fuzz(func(t *testing.T, s string, ms, me int) {
		var masks []Mask
		if ms >= 0 && me > ms && me <= len(s) {
			masks = []Mask{{Start: ms, End: me, Token: "\x01u"}}
		}
		tx := Normalize(s, masks)
		n := tx.Norm
		if !strings.HasPrefix(n, " ") || !strings.HasSuffix(n, " ") || strings.Contains(n, "  ") {
			t.Fatalf("bad canonical form %q", n)
		}
		if !utf8.ValidString(n) {
			t.Fatalf("invalid UTF-8 in %q", n)
		}
		if len(tx.origOff) != len(n)+1 {
			t.Fatalf("offset map has %d entries for %d bytes", len(tx.origOff), len(n))
		}
		if got := len(strings.Fields(n)); got != tx.Words() {
			t.Fatalf("Words() = %d, fields = %d", tx.Words(), got)
		}
		for w := range tx.Words() {
			a, b := tx.WordSpan(w)
			os, oe := tx.OrigSpan(a, b)
			if os < 0 || oe > len(s) || os > oe {
				t.Fatalf("word %d maps to [%d,%d) of %d bytes", w, os, oe, len(s))
			}
			if tx.WordAt(a) != w {
				t.Fatalf("WordAt(%d) = %d, want %d", a, tx.WordAt(a), w)
			}
		}
		// Every word of the canonical form stays one word when normalised
		// again. (The letters may still change: homoglyph folding looks at
		// the original case, so "Гa" and "гa" fold differently.)
		if masks == nil {
			for _, w := range strings.Fields(n) {
				if again := String(w); len(strings.Fields(again)) != 1 {
					t.Fatalf("word %q of %q normalises again to %q", w, n, again)
				}
			}
		}
	})
}
