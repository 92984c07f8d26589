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
//	text win to {num}          {num} is any word that starts with a digit
//	                           (a short code, "3gb", "24h")
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

// NumToken is the token of the {num} class. Unlike the other classes it is
// not a masked span: every word of the text that starts with a digit
// ("87021", "3gb", "24h", "363" of "*363#") also counts as {num}.
const NumToken = "\x01n"

// Classes maps the class names usable in patterns to the token that the
// text normaliser puts in place of the masked span.
var Classes = map[string]string{
	"url":    "\x01u",
	"money":  "\x01m",
	"wallet": "\x01w",
	"phone":  "\x01p",
	"handle": "\x01h",
	"num":    NumToken,
}

// span is a range [lo, hi) of another slice.
type span struct{ lo, hi int32 }

// token is one item of a pattern before normalisation: a gap marker, or a
// word or group as alternatives of raw words.
type token struct {
	gap  int  // > 0 or -1 for an explicit gap marker; 0 for words
	alts span // tokenizer.alts[alts.lo:alts.hi], each a range of tokenizer.words
}

// tokenizer splits patterns into tokens. Its slices are reused from one
// pattern to the next; words are substrings of the pattern.
type tokenizer struct {
	toks  []token
	alts  []span
	words []string
}

// tokenize splits a pattern into words, gaps and groups.
func (tz *tokenizer) tokenize(p string) error {
	tz.toks, tz.alts, tz.words = tz.toks[:0], tz.alts[:0], tz.words[:0]
	i := 0
	for i < len(p) {
		c := p[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '.' && strings.HasPrefix(p[i:], "..."):
			tz.toks = append(tz.toks, token{gap: -1})
			i += 3
		case c == '~':
			j := i + 1
			for j < len(p) && p[j] >= '0' && p[j] <= '9' {
				j++
			}
			n, err := strconv.Atoi(p[i+1 : j])
			if err != nil || n < 1 || n > MaxGap {
				return fmt.Errorf("gap %q: want ~1 to ~%d", p[i:j], MaxGap)
			}
			tz.toks = append(tz.toks, token{gap: n})
			i = j
		case c == '(':
			j := strings.IndexByte(p[i:], ')')
			if j < 0 {
				return fmt.Errorf("unclosed group at %q", p[i:])
			}
			body := p[i+1 : i+j]
			if strings.IndexByte(body, '(') >= 0 {
				return fmt.Errorf("nested group at %q", p[i:i+j+1])
			}
			a0 := int32(len(tz.alts))
			rest := body
			for {
				part := rest
				k := strings.IndexByte(rest, '|')
				if k >= 0 {
					part = rest[:k]
				}
				w0 := int32(len(tz.words))
				tz.fields(part)
				for _, w := range tz.words[w0:] {
					if w == "..." || strings.HasPrefix(w, "~") {
						return fmt.Errorf("gap inside group %q", body)
					}
				}
				tz.alts = append(tz.alts, span{w0, int32(len(tz.words))})
				if k < 0 {
					break
				}
				rest = rest[k+1:]
			}
			tz.toks = append(tz.toks, token{alts: span{a0, int32(len(tz.alts))}})
			i += j + 1
		case c == ')' || c == '|':
			return fmt.Errorf("unexpected %q", c)
		default:
			j := i
			for j < len(p) && p[j] != ' ' && p[j] != '\t' && p[j] != '(' && p[j] != ')' && p[j] != '|' &&
				(p[j] != '.' || !strings.HasPrefix(p[j:], "...")) {
				j++
			}
			w0 := int32(len(tz.words))
			tz.words = append(tz.words, p[i:j])
			tz.alts = append(tz.alts, span{w0, w0 + 1})
			tz.toks = append(tz.toks, token{alts: span{int32(len(tz.alts)) - 1, int32(len(tz.alts))}})
			i = j
		}
	}
	return nil
}

// asciiSpace holds the ASCII bytes that strings.Fields splits on.
var asciiSpace = [256]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// fields appends the words of s as strings.Fields splits them.
func (tz *tokenizer) fields(s string) {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			tz.words = append(tz.words, strings.Fields(s)...)
			return
		}
	}
	for i := 0; i < len(s); {
		for i < len(s) && asciiSpace[s[i]] {
			i++
		}
		j := i
		for j < len(s) && !asciiSpace[s[j]] {
			j++
		}
		if j > i {
			tz.words = append(tz.words, s[i:j])
		}
		i = j
	}
}

// wslot is one word of an alternative, resolved to its vocabulary id.
type wslot struct {
	id   int32
	word string // the canonical word (or prefix, or class token)
	// plain is set for an exact word of letters (not a class, a prefix or
	// a number): runs of plain words also match written without spaces.
	plain bool
}

// wordRef is the parse of one raw pattern word: slots[lo:hi] of the
// compiler's word arena, or an error.
type wordRef struct {
	lo, hi int32
	err    error
}

// pelem is one element of the pattern being parsed: alternatives
// (compiler.alts[alts.lo:alts.hi], each a range of compiler.slots), how many
// other words may come before it, and whether it may be left out (a group
// with an empty alternative).
type pelem struct {
	gap      int
	optional bool
	alts     span
}

// parse parses p into c.elems, c.alts and c.slots (reused for every
// pattern), giving the words of the patterns vocabulary ids.
func (c *compiler) parse(p string) error {
	if err := c.tz.tokenize(p); err != nil {
		return err
	}
	c.elems, c.alts, c.slots = c.elems[:0], c.alts[:0], c.slots[:0]
	pendingGap := 0
	for _, it := range c.tz.toks {
		if it.gap != 0 {
			if pendingGap != 0 {
				return fmt.Errorf("two gaps in a row")
			}
			if len(c.elems) == 0 {
				return fmt.Errorf("pattern starts with a gap")
			}
			pendingGap = it.gap
			if it.gap < 0 {
				pendingGap = DefaultGap
			}
			continue
		}
		if it.alts.hi-it.alts.lo > maxAlternatives {
			return fmt.Errorf("group has more than %d alternatives", maxAlternatives)
		}
		e := pelem{gap: pendingGap, alts: span{int32(len(c.alts)), 0}}
		for _, alt := range c.tz.alts[it.alts.lo:it.alts.hi] {
			if alt.lo == alt.hi {
				e.optional = true
				continue
			}
			s0 := int32(len(c.slots))
			for _, w := range c.tz.words[alt.lo:alt.hi] {
				r, err := c.word(w)
				if err != nil {
					return err
				}
				c.slots = append(c.slots, c.wslots[r.lo:r.hi]...)
			}
			c.alts = append(c.alts, span{s0, int32(len(c.slots))})
		}
		e.alts.hi = int32(len(c.alts))
		pendingGap = 0
		if e.alts.lo == e.alts.hi {
			return fmt.Errorf("group has only empty alternatives")
		}
		// A plain word right after a plain word joins its run: "western
		// union" is one element, so that it can also match "westernunion".
		// The previous element's only alternative is the last one written,
		// so its words run on into this one's.
		if prev := len(c.elems) - 1; prev >= 0 && e.gap == 0 && !e.optional && e.alts.hi-e.alts.lo == 1 &&
			!c.elems[prev].optional && c.elems[prev].alts.hi-c.elems[prev].alts.lo == 1 {
			c.alts[e.alts.lo-1].hi = c.alts[e.alts.lo].hi
			c.alts = c.alts[:e.alts.lo]
			continue
		}
		c.elems = append(c.elems, e)
	}
	if pendingGap != 0 {
		return fmt.Errorf("pattern ends with a gap")
	}
	if len(c.elems) == 0 {
		return fmt.Errorf("pattern has no words")
	}
	return nil
}

// word parses one raw word of a pattern, once per compiler.
func (c *compiler) word(w string) (wordRef, error) {
	if r, ok := c.words[w]; ok {
		return r, r.err
	}
	lo := int32(len(c.wslots))
	err := c.parseWord(w)
	if err != nil {
		c.wslots = c.wslots[:lo]
	}
	r := wordRef{lo: lo, hi: int32(len(c.wslots)), err: err}
	c.words[w] = r
	return r, err
}

// parseWord normalises one raw word of a pattern into c.wslots.
// Normalisation may split it ("don't" becomes "don" "t").
func (c *compiler) parseWord(w string) error {
	if strings.HasPrefix(w, "{") {
		name := strings.TrimSuffix(strings.TrimPrefix(w, "{"), "}")
		tok, ok := Classes[name]
		if !ok || !strings.HasSuffix(w, "}") {
			return fmt.Errorf("unknown class %q (known: {url} {money} {wallet} {phone} {handle} {num})", w)
		}
		c.wslots = append(c.wslots, wslot{id: c.exactID(tok), word: tok})
		return nil
	}
	prefix := strings.HasSuffix(w, "*")
	w = strings.TrimSuffix(w, "*")
	if strings.ContainsAny(w, "*{}()|~") {
		return fmt.Errorf("unexpected character in word %q", w)
	}
	var words []string
	if plainASCII(w) || normalize.Canonical(w) {
		// Most words of every rule file are already canonical.
		c.one[0] = w
		words = c.one[:]
	} else {
		words = strings.Fields(normalize.String(w))
	}
	if len(words) == 0 {
		return fmt.Errorf("word %q has no letters or digits (punctuation and symbols are ignored in texts: leave them out)", w)
	}
	if last := words[len(words)-1]; prefix && len(last) < 3 {
		return fmt.Errorf("prefix %q* is too short (at least 3 bytes)", last)
	}
	for i, x := range words {
		if prefix && i == len(words)-1 {
			c.wslots = append(c.wslots, wslot{id: c.prefixID(x), word: x})
			continue
		}
		c.wslots = append(c.wslots, wslot{id: c.exactID(x), word: x, plain: !hasDigit(x)})
	}
	return nil
}

// plainASCII reports whether w is a non-empty word of lowercase ASCII
// letters and digits, which is already canonical (most words of every
// rule file).
func plainASCII(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return w != ""
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

// Validate reports whether p is a valid pattern.
func Validate(p string) error {
	return newCompiler(len(p)).parse(p)
}
