package extract

import (
	"crypto/sha256"
	"strings"
)

const (
	btcAlphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
	xrpAlphabet = "rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz"
	bech32Chars = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
)

// alphabetIndex maps a byte to its value in a base58 alphabet, or -1.
type alphabetIndex [256]int8

func newIndex(alpha string) *alphabetIndex {
	var t alphabetIndex
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(alpha); i++ {
		t[alpha[i]] = int8(i)
	}
	return &t
}

var (
	btcIndex    = newIndex(btcAlphabet)
	xrpIndex    = newIndex(xrpAlphabet)
	bech32Index = newIndex(bech32Chars)
)

// base58Check decodes a 25-byte base58check payload (version byte, 20-byte
// hash, 4-byte checksum) and returns the version byte.
func base58Check(s string, idx *alphabetIndex) (version byte, ok bool) {
	if len(s) < 25 || len(s) > 35 {
		return 0, false
	}
	var buf [40]byte // big-endian number, fixed width
	for i := 0; i < len(s); i++ {
		v := idx[s[i]]
		if v < 0 {
			return 0, false
		}
		carry := int(v)
		for j := len(buf) - 1; j >= 0; j-- {
			carry += int(buf[j]) * 58
			buf[j] = byte(carry)
			carry >>= 8
		}
		if carry != 0 {
			return 0, false
		}
	}
	// Leading zero digits encode leading zero bytes.
	zeros := 0
	for zeros < len(s) && idx[s[zeros]] == 0 {
		zeros++
	}
	first := 0
	for first < len(buf) && buf[first] == 0 {
		first++
	}
	if zeros+len(buf)-first != 25 {
		return 0, false
	}
	dec := buf[len(buf)-25:]
	h := sha256.Sum256(dec[:21])
	h = sha256.Sum256(h[:])
	if h[0] != dec[21] || h[1] != dec[22] || h[2] != dec[23] || h[3] != dec[24] {
		return 0, false
	}
	return dec[0], true
}

// bech32Polymod is the BIP-173 checksum function.
func bech32Polymod(values []byte) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	for _, v := range values {
		b := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := 0; i < 5; i++ {
			if (b>>i)&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	return chk
}

// validBech32Segwit validates a segwit address (BIP-173/BIP-350) with the
// given human-readable part ("bc", "ltc").
func validBech32Segwit(s, hrp string) bool {
	if len(s) < 14 || len(s) > 90 {
		return false
	}
	lower, upper := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' {
			lower = true
		} else if c >= 'A' && c <= 'Z' {
			upper = true
		}
	}
	if lower && upper {
		return false
	}
	s = strings.ToLower(s)
	if !strings.HasPrefix(s, hrp+"1") {
		return false
	}
	data := s[len(hrp)+1:]
	if len(data) < 6+1 {
		return false
	}
	values := make([]byte, 0, 2*len(hrp)+1+len(data))
	for i := 0; i < len(hrp); i++ {
		values = append(values, hrp[i]>>5)
	}
	values = append(values, 0)
	for i := 0; i < len(hrp); i++ {
		values = append(values, hrp[i]&31)
	}
	for i := 0; i < len(data); i++ {
		v := bech32Index[data[i]]
		if v < 0 {
			return false
		}
		values = append(values, byte(v))
	}
	witver := values[2*len(hrp)+1]
	if witver > 16 {
		return false
	}
	// Witness program length: (len(data)-1-6)*5 bits, padded.
	progBits := (len(data) - 7) * 5
	progLen := progBits / 8
	if progLen < 2 || progLen > 40 || (witver == 0 && progLen != 20 && progLen != 32) {
		return false
	}
	c := bech32Polymod(values)
	if witver == 0 {
		return c == 1
	}
	return c == 0x2bc830a3
}

// walletKind returns the coin of a crypto address token, or "".
func walletKind(tok string) string {
	n := len(tok)
	if n < 25 || n > 90 {
		return ""
	}
	switch c := tok[0]; {
	case c == '0' && n == 42 && (tok[1] == 'x' || tok[1] == 'X'):
		for i := 2; i < n; i++ {
			if !isHex(tok[i]) {
				return ""
			}
		}
		return "ETH"
	case c == 'b' || c == 'B':
		if validBech32Segwit(tok, "bc") {
			return "BTC"
		}
	case c == 'l' || c == 'L':
		if c == 'L' && n <= 35 {
			if v, ok := base58Check(tok, btcIndex); ok && v == 0x30 {
				return "LTC"
			}
		}
		if validBech32Segwit(tok, "ltc") {
			return "LTC"
		}
	case c == '1' || c == '3':
		if v, ok := base58Check(tok, btcIndex); ok && (v == 0x00 || v == 0x05) {
			return "BTC"
		}
	case c == 'M':
		if v, ok := base58Check(tok, btcIndex); ok && v == 0x32 {
			return "LTC"
		}
	case c == 'T':
		if n == 34 {
			if v, ok := base58Check(tok, btcIndex); ok && v == 0x41 {
				return "TRX"
			}
		}
	case c == 'D':
		if v, ok := base58Check(tok, btcIndex); ok && v == 0x1e {
			return "DOGE"
		}
	case c == 'r':
		if v, ok := base58Check(tok, xrpIndex); ok && v == 0x00 {
			return "XRP"
		}
	}
	return ""
}
