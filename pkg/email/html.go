package email

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxStack bounds the open elements tracked while reading HTML; deeper
// elements are read as part of their parent.
const maxStack = 256

// element is an open HTML element.
type element struct {
	tag    atom.Atom
	hidden bool  // the element or an ancestor is not shown
	hard   bool  // hidden for good: display:none, hidden, a collapsed box
	soft   uint8 // hidden by inherited styles a descendant may undo
	skip   bool  // script, style, head ...: not text at all
}

// anchor is the link being read.
type anchor struct {
	href  string
	text  strings.Builder
	img   bool
	alt   string
	depth int
}

// htmlReader turns one HTML part into visible text, hidden text, links and
// forms.
type htmlReader struct {
	m      *Message
	out    *strings.Builder
	stack  []element
	a      *anchor
	form   *Form
	space  bool     // a space is pending before the next word
	broken bool     // the last byte written ends a line
	base   *url.URL // <base href>: relative links resolve against it
}

// readHTML reads an HTML part into the message.
func (m *Message) readHTML(src string, out *strings.Builder) {
	r := &htmlReader{m: m, out: out, broken: true}
	z := html.NewTokenizer(strings.NewReader(src))
	z.SetMaxBuf(0)
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			r.closeAnchor()
			r.closeForm()
			return
		case html.TextToken:
			r.text(z.Text())
		case html.StartTagToken, html.SelfClosingTagToken:
			r.start(z, tt == html.SelfClosingTagToken)
		case html.EndTagToken:
			r.end(tagAtom(z.Raw()))
		}
	}
}

func (r *htmlReader) top() element {
	if len(r.stack) == 0 {
		return element{}
	}
	return r.stack[len(r.stack)-1]
}

// text writes a text run where it belongs.
func (r *htmlReader) text(b []byte) {
	t := r.top()
	if t.skip {
		return
	}
	if t.hidden {
		r.m.hidden.WriteByte(' ')
		eachWord(b, func(w []byte, _ bool) {
			n := letters(w)
			if n == 0 {
				return // invisible fillers: &zwnj;, &#847; ...
			}
			r.m.HiddenChars += n
			if r.m.hidden.Len() < 4096 {
				r.m.hidden.Write(w)
				r.m.hidden.WriteByte(' ')
			}
		})
		return
	}
	trail := eachWord(b, func(w []byte, spaceBefore bool) {
		if spaceBefore {
			r.space = true
		}
		r.word(w)
	})
	if trail {
		r.space = true
	}
}

// eachWord calls fn for each run of non-space characters of b (spaces as
// unicode.IsSpace, no-break space included), saying whether space came
// before it; it returns whether b ends with space (or is all space).
func eachWord(b []byte, fn func(w []byte, spaceBefore bool)) bool {
	start, space := -1, false
	for i := 0; i < len(b); {
		c, size := rune(b[i]), 1
		if c >= utf8.RuneSelf {
			c, size = utf8.DecodeRune(b[i:])
		}
		if unicode.IsSpace(c) {
			if start >= 0 {
				fn(b[start:i], space)
				start = -1
			}
			space = true
		} else if start < 0 {
			start = i
		}
		i += size
	}
	if start >= 0 {
		fn(b[start:], space)
		return false
	}
	return space
}

// letters counts the letters and digits of s.
func letters(s []byte) int {
	n := 0
	for _, c := range string(s) {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			n++
		}
	}
	return n
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' }

// word writes one visible word.
func (r *htmlReader) word(w []byte) {
	sep := r.space || r.broken
	if r.space && !r.broken {
		r.out.WriteByte(' ')
	}
	r.out.Write(w)
	r.space, r.broken = false, false
	if r.a != nil && r.a.text.Len() < 1024 {
		// Words split only by tags (<b>paypal</b>.com) stay one word.
		if r.a.text.Len() > 0 && sep {
			r.a.text.WriteByte(' ')
		}
		r.a.text.Write(w)
	}
}

// newline ends the current line (block elements, <br>).
func (r *htmlReader) newline() {
	if !r.broken {
		r.out.WriteByte('\n')
		r.broken = true
	}
	r.space = false
}

// blockTags break lines.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Tr: true, atom.Li: true, atom.H1: true,
	atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Table: true,
	atom.Ul: true, atom.Ol: true, atom.Blockquote: true, atom.Hr: true, atom.Section: true,
	atom.Article: true, atom.Header: true, atom.Footer: true, atom.Center: true, atom.Pre: true,
	atom.Dt: true, atom.Dd: true, atom.Form: true, atom.Tbody: true, atom.Title: true,
}

// voidTags never have content or an end tag.
var voidTags = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true,
	atom.Hr: true, atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true,
	atom.Source: true, atom.Track: true, atom.Wbr: true, atom.Param: true, atom.Keygen: true,
}

// skipTags hold no text for the reader.
var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Title: true, atom.Noscript: true,
	atom.Template: true, atom.Iframe: true, atom.Select: true, atom.Textarea: true,
}

// selfClosing elements whose end tag may be left out: a new one closes the
// open one of the same kind.
var implied = map[atom.Atom]bool{atom.P: true, atom.Li: true, atom.Td: true, atom.Tr: true,
	atom.Th: true, atom.Option: true, atom.Dt: true, atom.Dd: true}

// attrs are the attributes of a tag that the reader uses.
type attrs struct {
	href, style, alt, action, typ, name, id, placeholder, autocomplete, aria string
	hidden                                                                   bool
}

// attrTags are the elements whose links, fields or alt text are read.
var attrTags = map[atom.Atom]bool{atom.A: true, atom.Area: true, atom.Img: true, atom.Form: true,
	atom.Input: true, atom.Select: true, atom.Textarea: true, atom.Base: true}

// tagAtom reads the name of a start or end tag from its raw bytes
// ("<TD class=x>", "</a>") without the copy Tokenizer.TagName makes.
func tagAtom(raw []byte) atom.Atom {
	var buf [24]byte
	i := 1
	if i < len(raw) && raw[i] == '/' {
		i++
	}
	n := 0
	for ; i < len(raw); i++ {
		c := raw[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			break
		}
		if n == len(buf) {
			return 0
		}
		buf[n] = c
		n++
	}
	return atom.Lookup(buf[:n])
}

// containsFold reports whether b holds the lower-case ASCII word w in any
// case.
func containsFold(b []byte, w string) bool {
	for i := 0; i+len(w) <= len(b); i++ {
		if b[i]|0x20 != w[0] {
			continue
		}
		j := 1
		for ; j < len(w) && b[i+j]|0x20 == w[j]; j++ {
		}
		if j == len(w) {
			return true
		}
	}
	return false
}

// readAttrs reads the attributes of the current tag, keeping the first of
// each name (as browsers do).
func readAttrs(z *html.Tokenizer) attrs {
	var a attrs
	for {
		k, v, more := z.TagAttr()
		if k == nil && !more {
			return a
		}
		set := func(dst *string) {
			if *dst == "" {
				*dst = string(v)
			}
		}
		switch string(k) {
		case "href":
			set(&a.href)
		case "style":
			set(&a.style)
		case "alt":
			set(&a.alt)
		case "action":
			set(&a.action)
		case "type":
			set(&a.typ)
		case "name":
			set(&a.name)
		case "id":
			set(&a.id)
		case "placeholder":
			set(&a.placeholder)
		case "autocomplete":
			set(&a.autocomplete)
		case "aria-label":
			set(&a.aria)
		case "hidden":
			a.hidden = true
		}
		if !more {
			return a
		}
	}
}

// start handles a start tag.
func (r *htmlReader) start(z *html.Tokenizer, selfClosing bool) {
	raw := z.Raw()
	tag := tagAtom(raw)
	var at attrs
	// Attributes cost two allocations each: read them only where they can
	// matter (not inside <head>, <style> or <script>, not on <meta> or
	// <br>; on other elements only when they have a style or hidden).
	if !r.top().skip && attrTags[tag] || (!voidTags[tag] && !r.top().skip &&
		(containsFold(raw, "style") || containsFold(raw, "hidden"))) {
		at = readAttrs(z)
	}
	if implied[tag] && len(r.stack) > 0 && r.top().tag == tag {
		r.stack = r.stack[:len(r.stack)-1]
	}
	if pClosers[tag] && len(r.stack) > 0 && r.top().tag == atom.P {
		r.stack = r.stack[:len(r.stack)-1] // a block closes an open <p>
	}
	parent := r.top()
	v := visibilityOf(&at)
	hard := parent.hard || v.hard
	soft := parent.soft&^v.clear | v.set
	hidden := hard || soft != 0
	if blockTags[tag] && !hidden && !parent.skip {
		r.newline()
	}
	if tag == atom.Td || tag == atom.Th {
		r.space = true
	}
	switch tag {
	case atom.A:
		r.closeAnchor()
		if href := strings.TrimSpace(at.href); href != "" && !parent.skip {
			r.a = &anchor{href: href, depth: len(r.stack)}
			if hidden {
				r.a.alt = "(hidden)"
			}
		}
	case atom.Area:
		if href := strings.TrimSpace(at.href); href != "" && !hidden {
			r.addLink(Link{Kind: LinkAnchor, Href: href, Text: clip(strings.TrimSpace(at.alt), 300)})
		}
	case atom.Img:
		if r.a != nil {
			r.a.img = true
			if r.a.alt == "" {
				r.a.alt = strings.TrimSpace(at.alt)
			}
		}
	case atom.Base:
		// The first <base href> counts; relative links resolve against it
		// (the "baseStriker" trick hides a link's target this way).
		if b, err := url.Parse(strings.TrimSpace(at.href)); err == nil && r.base == nil && b.IsAbs() {
			r.base = b
		}
	case atom.Form:
		r.closeForm()
		r.form = &Form{Action: strings.TrimSpace(at.action)}
	case atom.Input, atom.Select, atom.Textarea:
		r.field(&at)
	}
	if voidTags[tag] || selfClosing {
		return
	}
	if len(r.stack) < maxStack {
		r.stack = append(r.stack, element{tag: tag, hidden: hidden, hard: hard, soft: soft, skip: parent.skip || skipTags[tag]})
	}
}

// end handles an end tag: the element and any left open inside it close.
func (r *htmlReader) end(tag atom.Atom) {
	for i := len(r.stack) - 1; i >= 0; i-- {
		if r.stack[i].tag == tag {
			r.stack = r.stack[:i]
			break
		}
	}
	switch tag {
	case atom.A:
		r.closeAnchor()
	case atom.Form:
		r.closeForm()
	}
	if blockTags[tag] && !r.top().hidden {
		r.newline()
	}
	if tag == atom.Td || tag == atom.Th {
		r.space = true
	}
}

// closeAnchor records the open link.
func (r *htmlReader) closeAnchor() {
	a := r.a
	if a == nil {
		return
	}
	r.a = nil
	l := Link{Kind: LinkAnchor, Href: a.href, Text: clip(a.text.String(), 300)}
	if l.Text == "" && (a.img || a.alt != "") {
		l.Kind, l.Text = LinkImage, clip(a.alt, 300)
	}
	r.addLink(l)
}

func (r *htmlReader) addLink(l Link) {
	if skipHref(l.Href) || len(r.m.Links) >= MaxLinks {
		return
	}
	if r.base != nil {
		if u, err := url.Parse(l.Href); err == nil && !u.IsAbs() {
			l.Href = r.base.ResolveReference(u).String()
		}
	}
	r.m.Links = append(r.m.Links, l)
}

// skipHref reports targets that are not web links: mail and phone links,
// in-page anchors, embedded parts.
func skipHref(h string) bool {
	l := strings.ToLower(h)
	for _, p := range []string{"mailto:", "tel:", "#", "cid:", "sms:", "javascript:", "data:", "about:", "callto:"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// closeForm records the open form.
func (r *htmlReader) closeForm() {
	f := r.form
	if f == nil {
		return
	}
	r.form = nil
	if len(r.m.Forms) < 20 {
		r.m.Forms = append(r.m.Forms, *f)
	}
	if f.Action != "" && !skipHref(f.Action) {
		r.addLink(Link{Kind: LinkForm, Href: f.Action})
	}
}

// field notes what a form field asks for.
func (r *htmlReader) field(at *attrs) {
	if r.form == nil {
		// A field outside a form still asks for data in the message.
		r.form = &Form{}
	}
	typ := strings.ToLower(at.typ)
	if typ == "hidden" || typ == "submit" || typ == "button" || typ == "image" || typ == "reset" {
		return
	}
	label := strings.ToLower(at.name + " " + at.id + " " + at.placeholder + " " + at.autocomplete + " " + at.aria)
	name := at.name
	if name == "" {
		name = typ
	}
	if len(r.form.Fields) < 30 {
		r.form.Fields = append(r.form.Fields, clip(name, 40))
	}
	if typ == "password" || containsAny(label, passwordWords) {
		r.form.Password = true
	}
	if containsAny(label, cardWords) {
		r.form.Card = true
	}
}

// Words in a field's name, id, placeholder or autocomplete hint that ask
// for a secret. Matched as substrings of the lower-cased attributes.
var (
	passwordWords = []string{"password", "passwd", "pass_word", "pwd", "passcode", "contraseña", "contrasena",
		"senha", "пароль", "mot de passe", "motdepasse", "kennwort", "pin code", "otp"}
	cardWords = []string{"card", "cc-", "ccnum", "cc_num", "ccnumber", "cvv", "cvc", "csc", "expiry", "exp-date",
		"expdate", "exp_month", "exp_year", "tarjeta", "cartão", "cartao", "carte", "карт", "security code"}
)

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// Styles that hide an element and its descendants until a descendant
// sets them back (as e-mail templates do: font-size:0 on a wrapper, a real
// size on the text inside).
const (
	softFont uint8 = 1 << iota
	softOpacity
	softVisibility
)

// visibility is what an element's attributes do to what the reader sees.
type visibility struct {
	hard       bool  // display:none, the hidden attribute, a collapsed box
	set, clear uint8 // soft hiding started or undone here
}

// visibilityOf reads the hidden attribute and the inline style: display:none,
// visibility:hidden, zero font size, zero opacity, zero height with the
// overflow hidden (e-mail "preheaders" and keyword stuffing), and the
// styles that undo the soft ones (a non-zero font size or opacity,
// visibility:visible).
func visibilityOf(at *attrs) visibility {
	var v visibility
	if at.hidden {
		v.hard = true
	}
	st := at.style
	if st == "" {
		return v
	}
	if hasUpper(st) {
		st = strings.ToLower(st)
	}
	// Most styles hide nothing: look for the words that can before
	// rewriting the style.
	if !strings.Contains(st, "none") && !strings.Contains(st, "hidden") && !strings.Contains(st, "font-size") &&
		!strings.Contains(st, "opacity") && !strings.Contains(st, "visib") {
		return v
	}
	s := styleSpace.Replace(st)
	if strings.Contains(s, "display:none") {
		v.hard = true
	}
	if (zeroProp(s, "max-height:") || zeroProp(s, "height:")) && strings.Contains(s, "overflow:hidden") {
		v.hard = true
	}
	soft := func(bit uint8, prop string, zero bool) {
		if zero {
			v.set |= bit
		} else if strings.Contains(s, prop) {
			v.clear |= bit
		}
	}
	soft(softFont, "font-size:", zeroProp(s, "font-size:"))
	soft(softOpacity, "opacity:", zeroProp(s, "opacity:"))
	switch {
	case strings.Contains(s, "visibility:hidden"), strings.Contains(s, "visibility:collapse"):
		v.set |= softVisibility
	case strings.Contains(s, "visibility:visible"):
		v.clear |= softVisibility
	}
	return v
}

// pClosers are the elements whose start tag closes an open <p>.
var pClosers = map[atom.Atom]bool{atom.Address: true, atom.Article: true, atom.Aside: true,
	atom.Blockquote: true, atom.Div: true, atom.Dl: true, atom.Fieldset: true, atom.Footer: true,
	atom.Form: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Header: true, atom.Hr: true, atom.Main: true, atom.Nav: true, atom.Ol: true,
	atom.Pre: true, atom.Section: true, atom.Table: true, atom.Ul: true}

func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

// styleSpace removes what does not change a style's meaning.
var styleSpace = strings.NewReplacer(" ", "", "\t", "", "\n", "", "\r", "", "!important", "")

// zeroProp reports a CSS property set to zero ("font-size:0", "0px").
func zeroProp(s, prop string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], prop)
		if j < 0 {
			return false
		}
		k := i + j + len(prop)
		if j > 0 && s[i+j-1] == '-' { // line-height: is not height:
			i = k
			continue
		}
		v := s[k:]
		if strings.HasPrefix(v, "0") {
			v = strings.TrimLeft(v[1:], "0")
			if v == "" || v[0] == ';' || strings.HasPrefix(v, "px") || strings.HasPrefix(v, "em") ||
				strings.HasPrefix(v, "pt") || strings.HasPrefix(v, "%") || strings.HasPrefix(v, "rem") {
				return true
			}
		}
		i = k
	}
}
