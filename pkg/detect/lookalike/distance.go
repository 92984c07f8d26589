package lookalike

import (
	"fmt"
	"math/bits"
)

// charMask has bit c&63 set for each byte c of s.
func charMask(s string) uint64 {
	var m uint64
	for i := 0; i < len(s); i++ {
		m |= 1 << (s[i] & 63)
	}
	return m
}

// distance returns the optimal-string-alignment (restricted
// Damerau-Levenshtein) distance of a and b, or k+1 as soon as it is known
// to exceed k. Both must be at most maxLabel bytes long.
func distance(a, b string, k int) int {
	la, lb := len(a), len(b)
	if d := la - lb; d > k || -d > k {
		return k + 1
	}
	if la > maxLabel || lb > maxLabel {
		return k + 1
	}
	// Each edit brings in at most one letter the other string lacks: a
	// cheap lower bound that skips most comparisons.
	ma, mb := charMask(a), charMask(b)
	if bits.OnesCount64(ma&^mb) > k || bits.OnesCount64(mb&^ma) > k {
		return k + 1
	}
	var rows [3][maxLabel + 1]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= lb; j++ {
		prev[j] = j
	}
	for i := 1; i <= la; i++ {
		cur[0] = i
		best := i
		ai := a[i-1]
		for j := 1; j <= lb; j++ {
			cost := 1
			if ai == b[j-1] {
				cost = 0
			}
			v := prev[j-1] + cost
			if x := prev[j] + 1; x < v {
				v = x
			}
			if x := cur[j-1] + 1; x < v {
				v = x
			}
			if i > 1 && j > 1 && ai == b[j-2] && a[i-2] == b[j-1] {
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
			return k + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	if prev[lb] > k {
		return k + 1
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
