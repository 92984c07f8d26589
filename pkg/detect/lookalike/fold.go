package lookalike

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/ergochat/confusables"
	"golang.org/x/text/unicode/norm"
)

// maxLabel bounds the labels compared letter by letter (DNS allows 63).
const maxLabel = 63

// skeleton returns the Unicode TR39 skeleton of label, lower-cased and with
// combining marks removed, so that "аliexpress" (Cyrillic а) and
// "ạliexpress" both become "aliexpress". ASCII labels are returned as they
// are.
func skeleton(label string) string {
	ascii := true
	for i := 0; i < len(label); i++ {
		if label[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return label
	}
	var b strings.Builder
	for _, r := range label {
		if r < 0x80 {
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		sk := confusables.Skeleton(string(unicode.ToLower(r)))
		for _, c := range norm.NFD.String(sk) {
			switch {
			case unicode.Is(unicode.Mn, c):
				continue
			case c >= 0x80:
				// No ASCII lookalike: one byte that matches no letter, so
				// that distances count it as one edit.
				c = '?'
			}
			b.WriteRune(unicode.ToLower(c))
		}
	}
	return b.String()
}

// foldASCII maps characters that look alike in a domain name to one of
// them: 0->o, 1 and i->l, c->e, q->g, and the pairs rn->m, vv->w, cl->d. Two
// labels with the same fold read the same at a glance ("a1iexprcss" and
// "aliexpress"). It appends to dst and returns it.
func foldASCII(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if foldPair[c] && i+1 < len(s) {
			switch n := s[i+1]; {
			case c == 'r' && n == 'n':
				dst = append(dst, 'm')
				i++
				continue
			case c == 'v' && n == 'v':
				dst = append(dst, 'w')
				i++
				continue
			case c == 'c' && n == 'l':
				dst = append(dst, 'd')
				i++
				continue
			}
		}
		dst = append(dst, fold1[c])
	}
	return dst
}

// fold1 maps each byte to its lookalike class: 0->o, 1 and i->l, c->e,
// q->g, any other byte to itself; foldPair marks the bytes that start a
// pair (rn, vv, cl).
var fold1, foldPair = func() (t [256]byte, p [256]bool) {
	for c := range t {
		t[c] = byte(c)
	}
	t['0'], t['1'], t['i'], t['c'], t['q'] = 'o', 'l', 'l', 'e', 'g'
	p['r'], p['v'], p['c'] = true, true, true
	return t, p
}()

// scriptOf names the Unicode script of r ("Cyrillic"), or "" for Common,
// Inherited and unknown runes.
func scriptOf(r rune) string {
	for _, name := range []string{"Latin", "Cyrillic", "Greek", "Armenian", "Cherokee", "Georgian", "Hebrew", "Arabic", "Han", "Hangul", "Hiragana", "Katakana", "Thai", "Devanagari"} {
		if unicode.Is(unicode.Scripts[name], r) {
			return name
		}
	}
	return ""
}

// glyphDetail explains the non-ASCII characters of a label: `Cyrillic "а"
// (U+0430) in place of "a"`.
func glyphDetail(label string) string {
	var parts []string
	for _, r := range label {
		if r < 0x80 || len(parts) == 3 {
			continue
		}
		sk := skeleton(string(r))
		name := scriptOf(r)
		if name == "" || name == "Latin" {
			name = "accented or special"
			if name2 := scriptOf(r); name2 == "Latin" {
				name = "Latin"
			}
		}
		parts = append(parts, fmt.Sprintf("%s %q (U+%04X) in place of %q", name, string(r), r, sk))
	}
	if len(parts) == 0 {
		return "letters that look alike"
	}
	return strings.Join(parts, ", ")
}
