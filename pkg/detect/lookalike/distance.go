package lookalike

import (
	"fmt"
	"math/bits"
)

// symBit maps each byte to one bit: a letter, a digit or the hyphen to a
// bit of its own, any other byte to bit 63. Masks built from it give cheap
// lower bounds on edit distances and cheap "cannot contain" tests.
var symBit = func() (t [256]uint64) {
	for c := range t {
		switch {
		case c >= 'a' && c <= 'z':
			t[c] = 1 << (c - 'a')
		case c >= '0' && c <= '9':
			t[c] = 1 << (26 + c - '0')
		case c == '-':
			t[c] = 1 << 36
		case c == '.':
			t[c] = 1 << 37
		default:
			t[c] = 1 << 63
		}
	}
	return t
}()

// charMask has the symBit of each byte of s set.
func charMask(s string) uint64 {
	var m uint64
	for i := 0; i < len(s); i++ {
		m |= symBit[s[i]]
	}
	return m
}

// bytesMask is charMask for a byte slice.
func bytesMask(s []byte) uint64 {
	var m uint64
	for _, c := range s {
		m |= symBit[c]
	}
	return m
}

// tooFar reports, from the lengths and the letter masks of two strings,
// that their distance certainly exceeds k: the lengths differ by more than
// k, or one has more than k kinds of letters the other lacks (each edit
// brings in at most one).
func tooFar(la, lb int, ma, mb uint64, k int) bool {
	if d := la - lb; d > k || -d > k {
		return true
	}
	return bits.OnesCount64(ma&^mb) > k || bits.OnesCount64(mb&^ma) > k
}

// distance returns the optimal-string-alignment (restricted
// Damerau-Levenshtein) distance of a and b, or k+1 as soon as it is known
// to exceed k. Both must be at most maxLabel bytes long.
func distance(a, b string, k int) int {
	if len(a) > maxLabel || len(b) > maxLabel || tooFar(len(a), len(b), charMask(a), charMask(b), k) {
		return k + 1
	}
	return bandDistance(a, b, k)
}

// bandDistance is distance without the cheap rejections: the caller has
// checked that the lengths differ by at most k and are at most maxLabel.
// Only the cells within k of the diagonal are computed (an alignment of
// cost at most k never leaves that band); the cells next to the band hold
// k+1, which makes every path through them cost more than k.
func bandDistance(a, b string, k int) int {
	la, lb := len(a), len(b)
	if k < 0 || la > maxLabel || lb > maxLabel {
		return k + 1
	}
	far := k + 1
	if lb == 0 {
		if la > k {
			return far
		}
		return la
	}
	var rows [3][maxLabel + 2]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= lb; j++ {
		prev[j] = j
	}
	for i := 1; i <= la; i++ {
		lo, hi := max(1, i-k), min(lb, i+k)
		best := far
		if lo == 1 {
			cur[0] = i
			best = i
		} else {
			cur[lo-1] = far
		}
		cur[hi+1] = far
		ai := a[i-1]
		for j := lo; j <= hi; j++ {
			bj := b[j-1]
			v := prev[j-1]
			if ai != bj {
				v++
			}
			if x := prev[j] + 1; x < v {
				v = x
			}
			if x := cur[j-1] + 1; x < v {
				v = x
			}
			if i > 1 && j > 1 && ai == b[j-2] && a[i-2] == bj {
				if x := prev2[j-2] + 1; x < v {
					v = x
				}
			}
			cur[j] = v
			if v < best {
				best = v
			}
		}
		if best > k {
			return far
		}
		prev2, prev, cur = prev, cur, prev2
	}
	if prev[lb] > k {
		return far
	}
	return prev[lb]
}

// keyboard rows of a QWERTY keyboard, for keyboard-adjacent typos.
var keyRows = [...]string{"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"}

// adjacent[a] holds the keys next to a (same row or the rows above and
// below, shifted as on a real keyboard).
var adjacent = func() (t [128][128]bool) {
	pos := map[byte][2]int{}
	for r, row := range keyRows {
		for c := 0; c < len(row); c++ {
			pos[row[c]] = [2]int{r, c}
		}
	}
	for a, pa := range pos {
		for b, pb := range pos {
			if a == b {
				continue
			}
			dr, dc := pb[0]-pa[0], pb[1]-pa[1]
			switch dr {
			case 0:
				t[a][b] = dc == 1 || dc == -1
			case 1: // the row below is shifted right by about half a key
				t[a][b] = dc == 0 || dc == -1
			case -1:
				t[a][b] = dc == 0 || dc == 1
			}
		}
	}
	return t
}()

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// oneBit reports whether a and b differ in exactly one bit.
func oneBit(a, b byte) bool {
	x := a ^ b
	return x != 0 && x&(x-1) == 0
}

// classify names the single edit that turns token into s (their distance
// is 1) and describes it.
func classify(s, token string) (technique, detail string) {
	ls, lt := len(s), len(token)
	i := 0
	for i < ls && i < lt && s[i] == token[i] {
		i++
	}
	switch {
	case ls == lt-1:
		return SignalOmission, fmt.Sprintf("the letter %q is missing", token[i:i+1])
	case ls == lt+1:
		c := s[i]
		if (i > 0 && s[i-1] == c) || (i+1 < ls && s[i+1] == c) {
			return SignalRepetition, fmt.Sprintf("%q is doubled", string(c))
		}
		if c == '-' {
			return SignalHyphenation, "a hyphen is added"
		}
		if i == ls-1 {
			return SignalAddition, fmt.Sprintf("%q is added at the end", string(c))
		}
		return SignalInsertion, fmt.Sprintf("an extra %q is inserted", string(c))
	}
	if i+1 < ls && s[i] == token[i+1] && s[i+1] == token[i] && s[i+2:] == token[i+2:] {
		return SignalTransposition, fmt.Sprintf("%q and %q are swapped", string(token[i]), string(token[i+1]))
	}
	a, b := token[i], s[i]
	switch {
	case isVowel(a) && isVowel(b):
		return SignalVowelSwap, fmt.Sprintf("the vowel %q is in place of %q", string(b), string(a))
	case a < 128 && b < 128 && adjacent[a][b]:
		return SignalKeyboard, fmt.Sprintf("%q is in place of %q, the key next to it", string(b), string(a))
	case foldASCII(nil, string(a))[0] == foldASCII(nil, string(b))[0]:
		return SignalHomoglyph, fmt.Sprintf("%q is in place of the lookalike %q", string(b), string(a))
	case oneBit(a, b):
		return SignalBitsquatting, fmt.Sprintf("%q is in place of %q, one bit apart (bitsquatting)", string(b), string(a))
	}
	return SignalReplacement, fmt.Sprintf("%q is in place of %q", string(b), string(a))
}
