package extract

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// EntityKind names a kind of evidence entity.
type EntityKind string

// The kinds of evidence entities.
const (
	// Money is an amount of money with a currency: "1.99 USD", "$8",
	// "€2,50", "R$ 12,90", "12,90 reais", "150 руб", "Rs 500", "RM80",
	// "USDT 50", "2 000 ₽".
	Money EntityKind = "money"
	// Wallet is a crypto-currency address with a valid checksum where the
	// format has one: BTC (base58check, bech32/bech32m), ETH/ERC-20 (0x + 40
	// hex), TRON (base58check), LTC, DOGE, XRP.
	Wallet EntityKind = "wallet"
	// Phone is an international (+country code, 00 prefix) or local phone
	// number of at least 8 digits, or the number of a wa.me link.
	Phone EntityKind = "phone"
	// Handle is a messenger contact: t.me/NAME, wa.me/NUMBER,
	// chat.whatsapp.com invites, or @username near a messenger name.
	Handle EntityKind = "handle"
)

// Entity is one piece of evidence found in text.
type Entity struct {
	// Kind is the kind of entity.
	Kind EntityKind
	// Raw is the entity as it appears in the original text (text[Start:End]).
	Raw string
	// Start and End are the byte offsets of Raw in the original text.
	Start, End int
	// Value is the normalised value: money "1.99 USD" (amount with '.'
	// decimal, digits as written, then the ISO 4217 code, or the currency
	// word when no code is known), wallet the address (bech32 lower-cased),
	// phone the digits ('+' first for international numbers), handle
	// "telegram:name" or "whatsapp:+123...".
	Value string
	// Detail is the currency code, the coin ("BTC", "ETH", "TRX", ...), or
	// the messenger ("telegram", "whatsapp", ...); for a phone, the
	// messenger named near it, if any.
	Detail string
	// Amount is the amount of a Money entity.
	Amount float64
}

// maxEntities bounds the number of entities returned for one text.
const maxEntities = 10000

type entScanner struct {
	s       string
	out     []Entity
	lastEnd int // end of the last entity
}

// Entities returns the evidence entities in text, in order of appearance
// (by Start). A wa.me link yields both a Handle and a Phone entity.
func Entities(text string) []Entity {
	sc := entScanner{s: text}
	sc.run()
	if len(sc.out) > 1 {
		slices.SortStableFunc(sc.out, func(a, b Entity) int { return cmp.Compare(a.Start, b.Start) })
	}
	return sc.out
}

func (sc *entScanner) add(e Entity) {
	if sc.out == nil {
		sc.out = make([]Entity, 0, 4)
	}
	if len(sc.out) < maxEntities {
		e.Raw = sc.s[e.Start:e.End]
		sc.out = append(sc.out, e)
	}
	sc.lastEnd = max(sc.lastEnd, e.End)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isAlpha(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isAlnum(c byte) bool { return isDigit(c) || isAlpha(c) }

// alnumEnd returns the end of the ASCII alphanumeric run starting at i.
func alnumEnd(s string, i int) int {
	for i < len(s) && isAlnum(s[i]) {
		i++
	}
	return i
}

func (sc *entScanner) run() {
	s := sc.s
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case isAlpha(c):
			i = sc.word(i)
		case isDigit(c):
			i = sc.digits(i)
		case c == '+':
			if i+1 < len(s) && isDigit(s[i+1]) && (i == 0 || !isAlnum(s[i-1])) {
				i, _ = sc.phone(i, true)
				continue
			}
			i++
		case c == '(':
			if i+1 < len(s) && isDigit(s[i+1]) && (i == 0 || !isAlnum(s[i-1])) {
				i, _ = sc.phone(i, false)
				continue
			}
			i++
		case c == '@':
			i = sc.atHandle(i)
		default:
			i++
		}
	}
}

// word handles an ASCII alphanumeric run starting with a letter.
func (sc *entScanner) word(i int) int {
	s := sc.s
	j := alnumEnd(s, i)
	if i > 0 && isAlnum(s[i-1]) {
		return j
	}
	if j-i >= 25 {
		if coin := walletKind(s[i:j]); coin != "" && (j == len(s) || !wordByteAfter(s, j)) {
			v := s[i:j]
			if hasPrefixFold(v, 0, "bc1") || hasPrefixFold(v, 0, "ltc1") {
				v = strings.ToLower(v)
			}
			sc.add(Entity{Kind: Wallet, Start: i, End: j, Value: v, Detail: coin})
			return j
		}
		return j
	}
	if end, ok := sc.handleLink(i, j); ok {
		return end
	}
	// Currency code glued to a number: "RM80", "USD50".
	k := i
	for k < j && isAlpha(s[k]) {
		k++
	}
	if k < j {
		if code, ok := leftCode(s[i:k]); ok {
			if end, ok := sc.moneyAt(k, i, code); ok {
				return end
			}
		}
	}
	return j
}

// wordByteAfter reports whether s[j] continues a word (letter or digit,
// ASCII or not).
func wordByteAfter(s string, j int) bool {
	if j >= len(s) {
		return false
	}
	if s[j] < utf8.RuneSelf {
		return isAlnum(s[j]) || s[j] == '_'
	}
	r, _ := utf8.DecodeRuneInString(s[j:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// wordByteBefore reports whether the rune before s[i] is a letter or digit.
func wordByteBefore(s string, i int) bool {
	if i <= 0 {
		return false
	}
	if s[i-1] < utf8.RuneSelf {
		return isAlnum(s[i-1]) || s[i-1] == '_'
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// digits handles a run starting with an ASCII digit.
func (sc *entScanner) digits(i int) int {
	s := sc.s
	j := alnumEnd(s, i)
	if i > 0 && (isAlnum(s[i-1]) || s[i-1] == '_') {
		return j
	}
	mixed := false
	for k := i; k < j; k++ {
		if !isDigit(s[k]) {
			mixed = true
			break
		}
	}
	if mixed && j-i >= 25 {
		if coin := walletKind(s[i:j]); coin != "" && !wordByteAfter(s, j) {
			sc.add(Entity{Kind: Wallet, Start: i, End: j, Value: s[i:j], Detail: coin})
		}
		return j
	}
	if j-i >= 25 {
		return j
	}
	if !wordByteBefore(s, i) {
		if end, ok := sc.moneyAt(i, -1, currency{}); ok {
			return end
		}
	}
	if mixed {
		return j
	}
	pend, ok := sc.phone(i, false)
	if ok {
		return pend
	}
	// Skip the rest of this number so that its parts are not re-examined.
	j = max(j, pend)
	for j < len(s) {
		if j+1 < len(s) && (s[j] == '.' || s[j] == ',' || s[j] == '-') && isDigit(s[j+1]) {
			j = alnumEnd(s, j+1)
			continue
		}
		break
	}
	return j
}

// ---- Money ----

// currency is a currency found next to an amount.
type currency struct {
	code string // ISO 4217 code (or coin), "" if unknown
	word string // the word, when code is ""
}

var (
	// isoCodes are currency codes accepted in upper case.
	isoCodes = map[string]string{}
	// lowerWords are words (lower case) naming a currency after an amount,
	// including the codes accepted in lower case.
	lowerWords = map[string]string{}
)

func init() {
	for _, c := range strings.Fields(`USD EUR GBP BRL RUB INR MYR UAH KZT CNY JPY KRW TRY PLN MXN
		ARS CLP COP PEN CAD AUD NZD CHF SEK NOK DKK CZK HUF RON BGN ILS AED SAR EGP NGN ZAR PHP
		IDR THB VND SGD HKD TWD PKR BDT MAD KES UYU BYN UZS AZN GEL AMD BOB PYG DOP GTQ CRC
		USDT USDC BTC ETH TRX BNB LTC`) {
		isoCodes[c] = c
	}
	isoCodes["RMB"] = "CNY"
	isoCodes["RUR"] = "RUB"
	isoCodes["RM"] = "MYR"
	isoCodes["Rs"] = "INR"
	isoCodes["RS"] = "INR"
	isoCodes["Rp"] = "IDR"
	for _, c := range strings.Fields(`usd eur gbp brl rub inr myr uah kzt cny rmb jpy pln mxn ars
		cad aud usdt usdc btc eth trx`) {
		lowerWords[c] = strings.ToUpper(c)
	}
	lowerWords["rmb"] = "CNY"
	add := func(code string, words string) {
		for _, w := range strings.Fields(words) {
			lowerWords[w] = code
		}
	}
	add("USD", "dollar dollars dólar dólares dolar dolares bucks доллар доллара долларов долл")
	add("EUR", "euro euros евро")
	add("BRL", "reais")
	add("RUB", "руб рубль рубля рублей р")
	add("UAH", "грн гривна гривны гривен гривня гривні гривень")
	add("KZT", "тенге тг")
	add("INR", "rupee rupees rs")
	add("MYR", "ringgit")
	add("GBP", "pound pounds libra libras фунтов")
	add("CNY", "yuan юань юаня юаней 元")
	add("JPY", "yen иен 円")
	add("PLN", "zł zl złotych zlotych złoty zloty")
	add("PEN", "soles")
	add("USDT", "tether")
	add("", "peso pesos")
}

// symbols maps currency signs to codes; longer signs come first.
var symbols = []struct{ sign, code string }{
	{"US$", "USD"}, {"MX$", "MXN"}, {"CA$", "CAD"}, {"AU$", "AUD"}, {"NZ$", "NZD"},
	{"HK$", "HKD"}, {"R$", "BRL"}, {"U$", "USD"}, {"C$", "CAD"}, {"A$", "AUD"}, {"S$", "SGD"},
	{"$", "USD"}, {"€", "EUR"}, {"£", "GBP"}, {"￥", "CNY"}, {"¥", "CNY"}, {"₽", "RUB"},
	{"₹", "INR"}, {"₴", "UAH"}, {"₸", "KZT"}, {"₩", "KRW"}, {"₺", "TRY"}, {"₦", "NGN"},
	{"₱", "PHP"}, {"฿", "THB"}, {"₫", "VND"}, {"₪", "ILS"}, {"元", "CNY"}, {"円", "JPY"},
}

// leftCode recognises a currency code written before an amount.
func leftCode(w string) (currency, bool) {
	if len(w) < 2 || len(w) > 4 {
		return currency{}, false
	}
	if c, ok := isoCodes[w]; ok {
		return currency{code: c}, true
	}
	switch w {
	case "rs", "usd", "eur", "usdt", "brl", "rub":
		return currency{code: lowerWords[w]}, true
	}
	return currency{}, false
}

// isSpaceAt returns the length of a space (ASCII space, NBSP, narrow NBSP,
// thin space) at s[i:], or 0.
func isSpaceAt(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	switch s[i] {
	case ' ':
		return 1
	case 0xC2:
		if i+1 < len(s) && s[i+1] == 0xA0 {
			return 2
		}
	case 0xE2:
		if i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xAF || s[i+2] == 0x89) {
			return 3
		}
	}
	return 0
}

// isSpaceBefore returns the length of a space ending at s[:i], or 0.
func isSpaceBefore(s string, i int) int {
	switch {
	case i >= 1 && s[i-1] == ' ':
		return 1
	case i >= 2 && s[i-2] == 0xC2 && s[i-1] == 0xA0:
		return 2
	case i >= 3 && s[i-3] == 0xE2 && s[i-2] == 0x80 && (s[i-1] == 0xAF || s[i-1] == 0x89):
		return 3
	}
	return 0
}

// amount is a parsed number.
type amount struct {
	end        int
	intDigits  string // digits of the integer part, no separators
	fracDigits string
}

// parseAmount parses a number at s[i:] with optional thousands separators
// (',', '.', spaces, '\”) and decimal separator ('.' or ',').
func parseAmount(s string, i int) amount {
	type group struct {
		sep        byte // 0 for the first group, ' ' for any space
		start, end int
		sepStart   int
	}
	var groups [8]group
	n := 0
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	groups[0] = group{start: i, end: j, sepStart: j}
	n = 1
	for n < len(groups) && j < len(s) {
		var sep byte
		sl := 0
		switch s[j] {
		case '.', ',', '\'':
			sep, sl = s[j], 1
		default:
			if l := isSpaceAt(s, j); l > 0 {
				sep, sl = ' ', l
			}
		}
		if sl == 0 || j+sl >= len(s) || !isDigit(s[j+sl]) {
			break
		}
		k := j + sl
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		if (sep == ' ' || sep == '\'') && k-(j+sl) != 3 {
			break
		}
		groups[n] = group{sep: sep, start: j + sl, end: k, sepStart: j}
		n++
		j = k
	}
	digitsOf := func(gs []group) string {
		if len(gs) == 1 {
			return s[gs[0].start:gs[0].end]
		}
		var b strings.Builder
		for _, g := range gs {
			b.WriteString(s[g.start:g.end])
		}
		return b.String()
	}
	// Try the longest valid interpretation, dropping trailing groups.
	for ; n > 1; n-- {
		gs := groups[:n]
		last := gs[n-1]
		dec := -1
		if last.sep == '.' || last.sep == ',' {
			l := last.end - last.start
			otherBefore, sameBefore := false, false
			for _, g := range gs[1 : n-1] {
				if g.sep == last.sep {
					sameBefore = true
				} else {
					otherBefore = true
				}
			}
			zeroInt := n == 2 && s[gs[0].start:gs[0].end] == "0"
			if l != 3 || otherBefore || zeroInt || (!sameBefore && gs[0].end-gs[0].start > 3) {
				dec = n - 1
			}
		}
		th := gs[1:n]
		if dec >= 0 {
			th = gs[1:dec]
		}
		ok := true
		if len(th) > 0 {
			if gs[0].end-gs[0].start > 3 {
				ok = false
			}
			for _, g := range th {
				if g.sep != th[0].sep || g.end-g.start != 3 || (dec >= 0 && g.sep == gs[dec].sep) {
					ok = false
				}
			}
		}
		if !ok {
			continue
		}
		a := amount{end: last.end}
		if dec >= 0 {
			a.intDigits = digitsOf(gs[:dec])
			a.fracDigits = s[gs[dec].start:gs[dec].end]
		} else {
			a.intDigits = digitsOf(gs)
		}
		return a
	}
	return amount{end: groups[0].end, intDigits: s[groups[0].start:groups[0].end]}
}

// currencyAfter recognises a currency sign or word at s[i:] (after an
// optional space). It returns the end of the currency.
func currencyAfter(s string, i int) (currency, int, bool) {
	i += isSpaceAt(s, i)
	if i >= len(s) {
		return currency{}, 0, false
	}
	c := s[i]
	if c == '$' || c >= utf8.RuneSelf {
		for _, sy := range symbols {
			if strings.HasPrefix(s[i:], sy.sign) && (sy.sign[0] >= utf8.RuneSelf || sy.sign[0] == '$') {
				return currency{code: sy.code}, i + len(sy.sign), true
			}
		}
	}
	// A word.
	j := i
	for j < len(s) && j-i < 24 {
		if s[j] < utf8.RuneSelf {
			if !isAlpha(s[j]) {
				break
			}
			j++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[j:])
		if !unicode.IsLetter(r) || isCJK(r) {
			break
		}
		j += n
	}
	if j == i || j-i >= 24 || wordByteAfter(s, j) {
		return currency{}, 0, false
	}
	w := s[i:j]
	if code, ok := isoCodes[w]; ok && len(w) >= 3 {
		return currency{code: code}, j, true
	}
	lw := asciiLower(w)
	if code, ok := lowerWords[lw]; ok {
		if code == "" {
			return currency{word: lw}, j, true
		}
		return currency{code: code}, j, true
	}
	return currency{}, 0, false
}

// asciiLower lower-cases s (Unicode-aware only when needed).
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return strings.ToLower(s)
		}
		if c >= 'A' && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// currencyBefore recognises a currency sign or code ending at s[:i] (before
// an optional space). It returns the start of the currency.
func currencyBefore(s string, i int) (currency, int, bool) {
	i -= isSpaceBefore(s, i)
	if i <= 0 {
		return currency{}, 0, false
	}
	c := s[i-1]
	if c == '$' || c >= utf8.RuneSelf {
		for _, sy := range symbols {
			if strings.HasSuffix(s[:i], sy.sign) {
				st := i - len(sy.sign)
				if sy.sign != "$" && sy.sign[0] < utf8.RuneSelf && wordByteBefore(s, st) {
					continue // "XR$"
				}
				return currency{code: sy.code}, st, true
			}
		}
		return currency{}, 0, false
	}
	end := i
	if c == '.' { // "Rs. 500"
		end--
	}
	st := end
	for st > 0 && end-st < 5 && isAlpha(s[st-1]) {
		st--
	}
	if st == end || wordByteBefore(s, st) {
		return currency{}, 0, false
	}
	w := s[st:end]
	if end != i && w != "Rs" && w != "rs" && w != "RS" {
		return currency{}, 0, false
	}
	if cur, ok := leftCode(w); ok {
		return cur, st, true
	}
	return currency{}, 0, false
}

// moneyAt tries an amount starting at the digit s[i]. If codeStart >= 0 the
// currency cur is glued before the amount at s[codeStart:i].
func (sc *entScanner) moneyAt(i, codeStart int, cur currency) (int, bool) {
	s := sc.s
	a := parseAmount(s, i)
	if a.end < len(s) && (s[a.end] == '%' || isDigit(s[a.end])) {
		return 0, false
	}
	start, end := i, a.end
	found := false
	if codeStart >= 0 {
		start, found = codeStart, true
	} else if c, st, ok := currencyBefore(s, i); ok && st >= sc.lastEnd {
		cur, start, found = c, st, true
	}
	if !found {
		if c, e, ok := currencyAfter(s, a.end); ok {
			cur, end, found = c, e, true
		}
	} else if a.end < len(s) && isAlpha(s[a.end]) {
		return 0, false // "USD 50abc"
	}
	if !found {
		return 0, false
	}
	if len(a.intDigits) > 15 {
		return 0, false
	}
	num := a.intDigits
	if a.fracDigits != "" {
		num += "." + a.fracDigits
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, false
	}
	label := cur.code
	if label == "" {
		label = cur.word
	}
	sc.add(Entity{Kind: Money, Start: start, End: end, Value: num + " " + label, Detail: cur.code, Amount: v})
	return end, true
}

// ---- Phones ----

// phone parses a phone number at s[i:], starting with '+' (intl), '(' or
// a digit. It returns the end of what it examined, and whether that is a
// phone number.
func (sc *entScanner) phone(i int, intl bool) (int, bool) {
	end, ok := sc.phoneAt(i, intl)
	return max(end, i+1), ok
}

func (sc *entScanner) phoneAt(i int, intl bool) (int, bool) {
	s := sc.s
	var digits [20]byte
	nd := 0
	j := i
	if intl {
		j++
	}
	groups := 0
	var glen [16]int
	seps := 0
	dotSep, otherSep := false, false
	lastDigitEnd := j
	for j < len(s) {
		c := s[j]
		if isDigit(c) {
			if nd < len(digits) {
				digits[nd] = c
			}
			nd++
			if j == 0 || !isDigit(s[j-1]) {
				groups++
			}
			if groups <= len(glen) {
				glen[groups-1]++
			}
			j++
			lastDigitEnd = j
			continue
		}
		// Separator run of at most 2 bytes/runes: ' ', '-', '.', '(', ')', NBSP.
		// The kinds of separator count only when digits follow them: a
		// full stop ending the sentence is not a separator.
		k := j
		nsep := 0
		sawDot, sawOther := false, false
		for k < len(s) && nsep < 2 {
			if l := isSpaceAt(s, k); l > 0 {
				k += l
				sawOther = true
			} else if s[k] == '-' || s[k] == '(' || s[k] == ')' {
				k++
				sawOther = true
			} else if s[k] == '.' {
				k++
				sawDot = true
			} else {
				break
			}
			nsep++
		}
		if nsep == 0 || k >= len(s) || !isDigit(s[k]) {
			break
		}
		dotSep = dotSep || sawDot
		otherSep = otherSep || sawOther
		seps++
		j = k
	}
	end := lastDigitEnd
	if nd < 8 || nd > 15 || groups > len(glen) {
		return end, false
	}
	if wordByteAfter(s, end) || (end < len(s) && (s[end] == '%' || s[end] == '/' || s[end] == '@')) {
		return end, false
	}
	if end+1 < len(s) && (s[end] == '.' || s[end] == ',') && isDigit(s[end+1]) {
		return end, false
	}
	if i > 0 {
		switch s[i-1] {
		case '/', '=', '&', '?', '#', '_', '.', '-', ',', '$':
			return end, false
		}
	}
	if _, _, ok := currencyAfter(s, end); ok {
		return end, false
	}
	if _, _, ok := currencyBefore(s, i); ok {
		return end, false
	}
	g := glen[:groups]
	messenger := messengerNear(s, i, end, 40, 0)
	value := string(digits[:nd])
	if intl {
		value = "+" + value
	} else {
		if isDateLike(g) || isYears(g) {
			return end, false
		}
		if !dotSep && amountLike(g) && messenger == "" && !positiveContext(s, i) {
			return end, false // "10 000 000"
		}
		if dotSep && !otherSep && !(len(g) >= 4 || (len(g) == 3 && g[0] == 3 && g[1] == 3 && g[2] == 4)) {
			return end, false // version numbers, IP addresses
		}
		if dotSep && len(g) == 4 && g[0] <= 3 && g[1] <= 3 && g[2] <= 3 && g[3] <= 3 {
			return end, false // IPv4
		}
		if prevNonSpace(s, i) == '#' || strings.HasSuffix(strings.TrimRight(s[:i], " "), "№") || negativeContext(s, i) {
			return end, false
		}
		if seps == 0 && (nd < 9 || nd > 12) && messenger == "" && !positiveContext(s, i) {
			return end, false
		}
		if strings.HasPrefix(value, "00") && nd >= 10 {
			value = "+" + value[2:]
		}
	}
	sc.add(Entity{Kind: Phone, Start: i, End: end, Value: value, Detail: messenger})
	return end, true
}

// prevNonSpace returns the byte before s[i], skipping spaces.
func prevNonSpace(s string, i int) byte {
	for i > 0 && s[i-1] == ' ' {
		i--
	}
	if i == 0 {
		return 0
	}
	return s[i-1]
}

// isDateLike reports digit groups like 15.01.2024, 2024-01-15, 1/2/24.
func isDateLike(g []int) bool {
	if len(g) != 3 {
		return false
	}
	if g[0] == 4 && g[1] <= 2 && g[2] <= 2 {
		return true
	}
	return g[0] <= 2 && g[1] <= 2 && (g[2] == 4 || g[2] == 2)
}

// amountLike reports digit groups like "10 000 000": a first group of one or
// two digits followed by groups of exactly three.
func amountLike(g []int) bool {
	if len(g) < 3 || g[0] > 2 {
		return false
	}
	for _, l := range g[1:] {
		if l != 3 {
			return false
		}
	}
	return true
}

// isYears reports digit groups that are all 4-digit groups ("2023 2024").
func isYears(g []int) bool {
	for _, l := range g {
		if l != 4 {
			return false
		}
	}
	return len(g) > 1
}

// window returns the lower-cased text of at most n bytes before s[i],
// cut at the last line break or sentence end.
func window(s string, i, n int) string {
	a := max(0, i-n)
	for a < i && s[a]&0xC0 == 0x80 {
		a++
	}
	w := s[a:i]
	if k := strings.LastIndexAny(w, "\n!?;"); k >= 0 {
		w = w[k+1:]
	}
	if k := strings.LastIndex(w, ". "); k >= 0 {
		w = w[k+2:]
	}
	return asciiLower(w)
}

// words calls f for each word (run of letters) of w until f returns true.
func words(w string, f func(string) bool) bool {
	start := -1
	for i, r := range w {
		letter := r < utf8.RuneSelf && isAlnum(byte(r)) || r >= utf8.RuneSelf && (unicode.IsLetter(r) || r == 'º' || r == '°')
		if letter {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			if f(w[start:i]) {
				return true
			}
			start = -1
		}
	}
	if start >= 0 {
		return f(w[start:])
	}
	return false
}

// negStems are words (prefixes) that make a following number an order,
// tracking, card or account number rather than a phone.
var negStems = []string{"order", "pedido", "заказ", "commande", "track", "rastre", "suivi",
	"seguimiento", "código", "codigo", "code", "код", "invoice", "factur", "fatura", "cpf", "cnpj",
	"iban", "card", "carte", "cartão", "cartao", "tarjeta", "карт", "счет", "счёт", "account", "conta",
	"cuenta", "parcel", "package", "paquete", "encomenda", "посылк", "отправлен", "colis", "shipment",
	"envío", "envio", "transac", "трек", "ticket", "protocol", "протокол", "siret", "siren", "инн", "огрн",
	"кпп", "бик", "снилс", "паспорт", "passport", "pasaporte", "passaporte", "swift", "postal", "zip", "vat"}

// negExact are short words that must match whole.
var negExact = map[string]bool{"nº": true, "n°": true, "ref": true, "id": true, "nr": true, "inn": true,
	"dni": true, "nif": true, "nie": true, "rfc": true, "curp": true, "bic": true, "cep": true, "ssn": true, "tva": true,
	"iva": true, "rg": true, "cuit": true, "rut": true}

func negativeContext(s string, i int) bool {
	w := window(s, i, 32)
	if t := strings.TrimRight(w, " "); strings.HasSuffix(t, "no.") || strings.HasSuffix(t, "n.") {
		return true
	}
	return words(w, func(w string) bool {
		if negExact[w] {
			return true
		}
		for _, st := range negStems {
			if len(w) >= len(st) && w[:len(st)] == st {
				return true
			}
		}
		return false
	})
}

// posStems are words (prefixes) announcing a phone number.
var posStems = []string{"tel", "tél", "phone", "call", "llam", "ligu", "liga", "звон", "телеф", "contact",
	"contato", "appel", "móvil", "movil", "celular", "cel", "sms", "моб", "whats", "fone"}

func positiveContext(s string, i int) bool {
	return words(window(s, i, 40), func(w string) bool {
		for _, st := range posStems {
			if strings.HasPrefix(w, st) {
				return true
			}
		}
		return false
	})
}

// messengerOf returns the messenger a word names, or "".
func messengerOf(w string) string {
	switch w {
	case "tg", "тг", "тлг", "tlg", "telega", "телега", "телеге", "телегу":
		return "telegram"
	case "wa", "wpp", "zap", "zapzap", "wsp", "whats", "уатсап", "wasap", "guasap", "watsap", "whatsap":
		return "whatsapp"
	case "signal":
		return "signal"
	}
	switch {
	case strings.HasPrefix(w, "telegram"), strings.HasPrefix(w, "телеграм"):
		return "telegram"
	case strings.HasPrefix(w, "whatsapp"), strings.HasPrefix(w, "ватсап"), strings.HasPrefix(w, "вотсап"),
		strings.HasPrefix(w, "вацап"), strings.HasPrefix(w, "воцап"):
		return "whatsapp"
	case strings.HasPrefix(w, "viber"), strings.HasPrefix(w, "вайбер"):
		return "viber"
	}
	return ""
}

// messengerNear returns the messenger named within before bytes before
// s[i] or after bytes after s[end], or "".
func messengerNear(s string, i, end, before, after int) string {
	found := ""
	find := func(w string) bool {
		found = messengerOf(w)
		return found != ""
	}
	if words(window(s, i, before), find) {
		return found
	}
	if after > 0 && end < len(s) {
		b := min(len(s), end+after)
		for b < len(s) && b > end && s[b]&0xC0 == 0x80 {
			b--
		}
		w := s[end:b]
		if k := strings.IndexAny(w, "\n!?;"); k >= 0 {
			w = w[:k]
		}
		if words(asciiLower(w), find) {
			return found
		}
	}
	return ""
}

// ---- Handles ----

// telegramReserved are t.me paths that are not user names.
var telegramReserved = map[string]bool{"share": true, "addstickers": true, "proxy": true, "socks": true,
	"iv": true, "setlanguage": true, "addtheme": true, "bg": true, "confirmphone": true, "login": true,
	"addlist": true, "addemoji": true, "boost": true, "c": true, "s": true, "joinchat": true, "invoice": true}

// hasPrefixFold reports whether s[i:] starts with the lower-case ASCII p,
// ignoring case.
func hasPrefixFold(s string, i int, p string) bool {
	if len(s)-i < len(p) {
		return false
	}
	for k := 0; k < len(p); k++ {
		c := s[i+k]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != p[k] {
			return false
		}
	}
	return true
}

// nameEnd returns the end of a [A-Za-z0-9_] run at s[i:].
func nameEnd(s string, i int) int {
	for i < len(s) && (isAlnum(s[i]) || s[i] == '_') {
		i++
	}
	return i
}

// handleLink recognises messenger links starting at the word s[i:j].
func (sc *entScanner) handleLink(i, j int) (int, bool) {
	s := sc.s
	if i > 0 && (s[i-1] == '.' || s[i-1] == '@') {
		return 0, false
	}
	if j-i > 8 {
		return 0, false
	}
	switch c := s[i] | 0x20; c {
	case 't', 'w', 'a', 'c', 's':
	default:
		return 0, false
	}
	var lw [8]byte
	for k := i; k < j; k++ {
		lw[k-i] = s[k] | 0x20 // ASCII letters and digits only
	}
	switch string(lw[:j-i]) {
	case "t", "telegram":
		for _, p := range []string{"t.me/", "telegram.me/", "telegram.dog/"} {
			if hasPrefixFold(s, i, p) {
				return sc.telegramPath(i, i+len(p))
			}
		}
	case "tg":
		if hasPrefixFold(s, i, "tg://resolve?domain=") {
			k := i + len("tg://resolve?domain=")
			e := nameEnd(s, k)
			if e-k >= 4 && e-k <= 32 {
				sc.add(Entity{Kind: Handle, Start: i, End: e, Value: "telegram:" + strings.ToLower(s[k:e]), Detail: "telegram"})
				return e, true
			}
		}
	case "wa":
		if hasPrefixFold(s, i, "wa.me/") {
			k := i + len("wa.me/")
			return sc.whatsappNumber(i, k)
		}
	case "api", "web", "whatsapp":
		for _, p := range []string{"api.whatsapp.com/send", "web.whatsapp.com/send", "whatsapp://send"} {
			if hasPrefixFold(s, i, p) {
				k := i + len(p)
				lim := min(len(s), k+24)
				for q := k; q < lim && s[q] > ' '; q++ {
					if hasPrefixFold(s, q, "phone=") {
						return sc.whatsappNumber(i, q+len("phone="))
					}
				}
			}
		}
	case "chat":
		if hasPrefixFold(s, i, "chat.whatsapp.com/") {
			k := i + len("chat.whatsapp.com/")
			if hasPrefixFold(s, k, "invite/") {
				k += len("invite/")
			}
			e := nameEnd(s, k)
			if e-k >= 8 && e-k <= 40 {
				sc.add(Entity{Kind: Handle, Start: i, End: e, Value: "whatsapp:group:" + s[k:e], Detail: "whatsapp"})
				return e, true
			}
		}
	case "signal":
		if hasPrefixFold(s, i, "signal.me/#p/") {
			return sc.signalNumber(i, i+len("signal.me/#p/"))
		}
	}
	return 0, false
}

// telegramPath parses the path of a t.me link; k is just after "t.me/".
func (sc *entScanner) telegramPath(i, k int) (int, bool) {
	s := sc.s
	if k < len(s) && s[k] == '+' { // invite link t.me/+AbCd...
		e := nameEnd(s, k+1)
		if e-k-1 >= 8 && e-k-1 <= 40 {
			sc.add(Entity{Kind: Handle, Start: i, End: e, Value: "telegram:+" + s[k+1:e], Detail: "telegram"})
			return e, true
		}
		return 0, false
	}
	if hasPrefixFold(s, k, "joinchat/") {
		q := k + len("joinchat/")
		e := nameEnd(s, q)
		for e < len(s) && s[e] == '-' { // invite codes may hold '-'
			e = nameEnd(s, e+1)
		}
		if e-q >= 8 && e-q <= 40 {
			sc.add(Entity{Kind: Handle, Start: i, End: e, Value: "telegram:joinchat/" + s[q:e], Detail: "telegram"})
			return e, true
		}
		return 0, false
	}
	if hasPrefixFold(s, k, "s/") { // channel preview t.me/s/NAME
		k += 2
	}
	e := nameEnd(s, k)
	name := s[k:e]
	if len(name) < 4 || len(name) > 32 || !isAlpha(name[0]) || telegramReserved[strings.ToLower(name)] {
		return 0, false
	}
	sc.add(Entity{Kind: Handle, Start: i, End: e, Value: "telegram:" + strings.ToLower(name), Detail: "telegram"})
	return e, true
}

// whatsappNumber parses the number of a WhatsApp link at s[k:].
func (sc *entScanner) whatsappNumber(i, k int) (int, bool) {
	return sc.linkNumber(i, k, "whatsapp", true)
}

// signalNumber parses the number of a signal.me link at s[k:].
func (sc *entScanner) signalNumber(i, k int) (int, bool) {
	return sc.linkNumber(i, k, "signal", false)
}

// linkNumber parses the phone number of a messenger link (started at
// s[i]) at s[k:], optionally preceded by "+" (or its URL encoding "%2b"
// when encodedPlus is set), and adds the handle and the phone.
func (sc *entScanner) linkNumber(i, k int, messenger string, encodedPlus bool) (int, bool) {
	s := sc.s
	q := k
	if q < len(s) && s[q] == '+' {
		q++
	} else if encodedPlus && hasPrefixFold(s, q, "%2b") {
		q += 3
	}
	e := q
	for e < len(s) && isDigit(s[e]) {
		e++
	}
	if e-q < 8 || e-q > 15 || wordByteAfter(s, e) {
		return 0, false
	}
	num := "+" + s[q:e]
	sc.add(Entity{Kind: Handle, Start: i, End: e, Value: messenger + ":" + num, Detail: messenger})
	sc.add(Entity{Kind: Phone, Start: q, End: e, Value: num, Detail: messenger})
	return e, true
}

// atHandle examines an '@' at s[i] for a messenger user name.
func (sc *entScanner) atHandle(i int) int {
	s := sc.s
	if i > 0 && (wordByteBefore(s, i) || s[i-1] == '.' || s[i-1] == '/' || s[i-1] == '@') {
		return i + 1
	}
	k := i + 1
	if k >= len(s) || !isAlpha(s[k]) {
		return i + 1
	}
	e := nameEnd(s, k)
	if e-k < 3 || e-k > 32 || wordByteAfter(s, e) || (e < len(s) && (s[e] == '@' ||
		(e+1 < len(s) && (s[e] == '.' || s[e] == '-') && isAlnum(s[e+1])))) {
		return e
	}
	m := messengerNear(s, i, e, 48, 32)
	if m == "" {
		return e
	}
	sc.add(Entity{Kind: Handle, Start: i, End: e, Value: m + ":" + strings.ToLower(s[k:e]), Detail: m})
	return e
}
