// Package phrase compiles phrase patterns and matches all of them against a
// normalised text in one pass.
//
// # Pattern syntax
//
// A pattern is a sequence of words, matched on word boundaries after the
// same normalisation as the text (case, accents, homoglyphs; see package
// normalize):
//
//	western union              two words in a row
//	pay ... outside aliexpress "..." allows up to 3 other words in between
//	pay ~6 outside aliexpress  "~N" allows up to N (at most 20) words in between
//	(send|pay) the money       a group of alternatives; an alternative may be
//	                           several words, or empty: (the|)
//	transf* money              "*" at the end of a word matches any word
//	                           starting with it (at least 3 bytes before "*")
//	pay {money}                a class: {url} {money} {wallet} {phone} {handle}
//	                           stands for a link, an amount of money, a crypto
//	                           wallet address, a phone number or a messenger
//	                           handle found in the text
//
// A multi-word run of plain words also matches written without spaces
// ("western union" matches "westernunion", as spaced-out letters become).
package phrase

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/scamcheck/scamcheck/pkg/normalize"
)

// DefaultGap is the number of words "..." allows between two parts.
const DefaultGap = 3

// MaxGap is the largest gap "~N" may ask for.
const MaxGap = 20

// maxAlternatives bounds the alternatives of one group.
const maxAlternatives = 256

// Classes maps the class names usable in patterns to the token that the
// text normaliser puts in place of the masked span.
var Classes = map[string]string{
	"url":    "\x01u",
	"money":  "\x01m",
	"wallet": "\x01w",
	"phone":  "\x01p",
	"handle": "\x01h",
}

// slot is one word of an alternative: an exact word or a prefix.
type slot struct {
	word   string
	prefix bool
}

// element is one position of a pattern: a set of alternatives (each a run
// of words), how many other words may come before it, and whether it may
// be left out (a group with an empty alternative).
type element struct {
	gap      int
	alts     [][]slot
	optional bool
}

// variant is a pattern as a sequence of elements. A pattern whose first
// element is optional has two variants: with and without it.
type variant []element

// item is a parsed element of a pattern before normalisation.
type item struct {
	gap  int        // > 0 or -1 for an explicit gap marker; 0 for words
	alts [][]string // alternatives, each a list of raw words
}

// wordCache remembers the canonical words of pattern words while one rule
// set is compiled; the same words recur in hundreds of patterns.
type wordCache map[string][]string

// parse turns a pattern into its variants. cache may be nil.
func parse(p string, cache wordCache) ([]variant, error) {
	items, err := tokenize(p)
	if err != nil {
		return nil, err
	}
	var v variant
	pendingGap := 0
	for _, it := range items {
		if it.gap != 0 {
			if pendingGap != 0 {
				return nil, fmt.Errorf("two gaps in a row")
			}
			if len(v) == 0 {
				return nil, fmt.Errorf("pattern starts with a gap")
			}
			pendingGap = it.gap
			if it.gap < 0 {
				pendingGap = DefaultGap
			}
			continue
		}
		if len(it.alts) > maxAlternatives {
			return nil, fmt.Errorf("group has more than %d alternatives", maxAlternatives)
		}
		e := element{gap: pendingGap}
		for _, alt := range it.alts {
			if len(alt) == 0 {
				e.optional = true
				continue
			}
			var words []slot
			for _, w := range alt {
				s, err := parseWord(w, cache)
				if err != nil {
					return nil, err
				}
				words = append(words, s...)
			}
			e.alts = append(e.alts, words)
		}
		pendingGap = 0
		if len(e.alts) == 0 {
			return nil, fmt.Errorf("group has only empty alternatives")
		}
		// A plain word right after a plain word joins its run: "western
		// union" is one element, so that it can also match "westernunion".
		if prev := len(v) - 1; prev >= 0 && e.gap == 0 && !e.optional && len(e.alts) == 1 &&
			!v[prev].optional && len(v[prev].alts) == 1 {
			v[prev].alts[0] = append(v[prev].alts[0], e.alts[0]...)
			continue
		}
		v = append(v, e)
	}
	if pendingGap != 0 {
		return nil, fmt.Errorf("pattern ends with a gap")
	}
	if len(v) == 0 {
		return nil, fmt.Errorf("pattern has no words")
	}
	for i := range v {
		v[i].alts = withJoined(v[i].alts)
	}
	// Leading optional elements: one variant without each of them.
	out := []variant{}
	for len(v) > 0 {
		first := v[0]
		first.optional = false
		out = append(out, append(variant{first}, v[1:]...))
		if !v[0].optional {
			break
		}
		v = v[1:]
		if len(v) > 0 {
			v = append(variant{{gap: 0, alts: v[0].alts, optional: v[0].optional}}, v[1:]...)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("pattern has no words")
	}
	return out, nil
}

// withJoined adds, for every alternative of two or more plain words, the
// same words written without spaces ("westernunion"), as spaced-out letters
// and some senders write them.
func withJoined(alts [][]slot) [][]slot {
	out := alts
	for _, a := range alts {
		if len(a) < 2 {
			continue
		}
		var b strings.Builder
		ok := true
		for _, s := range a {
			if !plain(s) {
				ok = false
				break
			}
			b.WriteString(s.word)
		}
		if ok && b.Len() >= 6 {
			out = append(out, []slot{{word: b.String()}})
		}
	}
	return out
}

// plain reports whether s is an exact word of letters (not a class, not a
// prefix, not a number).
func plain(s slot) bool {
	if s.prefix || s.word == "" || s.word[0] == '\x01' {
		return false
	}
	return strings.IndexFunc(s.word, func(r rune) bool { return r >= '0' && r <= '9' }) < 0
}

// parseWord normalises one raw word of a pattern. Normalisation may split it
// ("don't" becomes "don" "t").
func parseWord(w string, cache wordCache) ([]slot, error) {
	if strings.HasPrefix(w, "{") {
		name := strings.TrimSuffix(strings.TrimPrefix(w, "{"), "}")
		tok, ok := Classes[name]
		if !ok || !strings.HasSuffix(w, "}") {
			return nil, fmt.Errorf("unknown class %q (known: {url} {money} {wallet} {phone} {handle})", w)
		}
		return []slot{{word: tok}}, nil
	}
	prefix := strings.HasSuffix(w, "*")
	w = strings.TrimSuffix(w, "*")
	if strings.ContainsAny(w, "*{}()|~") {
		return nil, fmt.Errorf("unexpected character in word %q", w)
	}
	words, ok := cache[w]
	if !ok {
		words = canonicalWords(w)
		if cache != nil {
			cache[w] = words
		}
	}
	if len(words) == 0 {
		return nil, fmt.Errorf("word %q has no letters or digits (punctuation and symbols are ignored in texts: leave them out)", w)
	}
	out := make([]slot, len(words))
	for i, x := range words {
		out[i] = slot{word: x}
	}
	if prefix {
		last := &out[len(out)-1]
		if len(last.word) < 3 {
			return nil, fmt.Errorf("prefix %q* is too short (at least 3 bytes)", last.word)
		}
		last.prefix = true
	}
	return out, nil
}

// canonicalWords returns the canonical words of w. Plain lowercase ASCII
// words, most of every rule file, are already canonical.
func canonicalWords(w string) []string {
	plainASCII := w != ""
	for i := 0; i < len(w); i++ {
		c := w[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			plainASCII = false
			break
		}
	}
	if plainASCII {
		return []string{w}
	}
	return strings.Fields(normalize.String(w))
}

// tokenize splits a pattern into words, gaps and groups.
func tokenize(p string) ([]item, error) {
	var items []item
	i := 0
	for i < len(p) {
		c := p[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case strings.HasPrefix(p[i:], "..."):
			items = append(items, item{gap: -1})
			i += 3
		case c == '~':
			j := i + 1
			for j < len(p) && p[j] >= '0' && p[j] <= '9' {
				j++
			}
			n, err := strconv.Atoi(p[i+1 : j])
			if err != nil || n < 1 || n > MaxGap {
				return nil, fmt.Errorf("gap %q: want ~1 to ~%d", p[i:j], MaxGap)
			}
			items = append(items, item{gap: n})
			i = j
		case c == '(':
			j := strings.IndexByte(p[i:], ')')
			if j < 0 {
				return nil, fmt.Errorf("unclosed group at %q", p[i:])
			}
			body := p[i+1 : i+j]
			if strings.ContainsAny(body, "(") {
				return nil, fmt.Errorf("nested group at %q", p[i:i+j+1])
			}
			var alts [][]string
			for _, a := range strings.Split(body, "|") {
				f := strings.Fields(a)
				for _, w := range f {
					if w == "..." || strings.HasPrefix(w, "~") {
						return nil, fmt.Errorf("gap inside group %q", body)
					}
				}
				alts = append(alts, f)
			}
			items = append(items, item{alts: alts})
			i += j + 1
		case c == ')' || c == '|':
			return nil, fmt.Errorf("unexpected %q", c)
		default:
			j := i
			for j < len(p) && p[j] != ' ' && p[j] != '\t' && p[j] != '(' && p[j] != ')' && p[j] != '|' && !strings.HasPrefix(p[j:], "...") {
				j++
			}
			items = append(items, item{alts: [][]string{{p[i:j]}}})
			i = j
		}
	}
	return items, nil
}

// Validate reports whether p is a valid pattern.
func Validate(p string) error {
	_, err := parse(p, nil)
	return err
}
