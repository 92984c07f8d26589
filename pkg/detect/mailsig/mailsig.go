// Package mailsig is the detector for the signs an email carries outside
// its words: a sender name that claims a brand the address does not
// belong to, replies sent elsewhere than the sender, failed sender
// authentication, links whose text shows one site while they go to
// another, forms asking for passwords or cards, risky attachments, hidden
// text and malformed structure. Which signals count, and how much, is
// data: signal rules in the rule set (layer "email"). Links to lookalike or
// young domains are judged by the lookalike and age layers, which see every
// link of the message.
package mailsig

import (
	"context"
	"fmt"
	"path"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/net/publicsuffix"

	"github.com/scamcheck/scamcheck/pkg/detect"
	"github.com/scamcheck/scamcheck/pkg/detect/lookalike"
	"github.com/scamcheck/scamcheck/pkg/email"
	"github.com/scamcheck/scamcheck/pkg/extract"
	"github.com/scamcheck/scamcheck/pkg/normalize"
	"github.com/scamcheck/scamcheck/pkg/rules"
)

// Ensure the Detector satisfies the interface at compile time.
var _ detect.Detector = (*Detector)(nil)

// The signals this detector implements.
const (
	SignalDisplayName     = "display-name-brand"
	SignalSenderLookalike = "sender-lookalike"
	SignalNoSender        = "no-sender-address"
	SignalSenderInvalid   = "sender-invalid"
	SignalFromRecipient   = "from-is-recipient"
	SignalNameAddress     = "display-name-address"
	SignalObfuscated      = "obfuscated-header"
	SignalReplyTo         = "reply-to-mismatch"
	SignalReplyToFree     = "reply-to-freemail"
	SignalReturnPathFree  = "return-path-freemail"
	SignalDMARCFail       = "dmarc-fail"
	SignalSPFFail         = "spf-fail"
	SignalDKIMFail        = "dkim-fail"
	SignalLinkText        = "link-text-mismatch"
	SignalLinkBrand       = "link-text-brand"
	SignalForm            = "form"
	SignalFormSecret      = "form-credentials"
	SignalAttachRun       = "attachment-executable"
	SignalAttachHTML      = "attachment-html"
	SignalAttachDouble    = "attachment-double-extension"
	SignalAttachArchive   = "attachment-archive-executable"
	SignalHiddenText      = "hidden-text"
	SignalMalformed       = "malformed"
	// SignalOfficialSender is a credit, not a risk: its rule has negative
	// points.
	SignalOfficialSender = "official-sender"
)

// Signals lists the signal names rules may use with this detector. Where
// one signal is a stronger form of another (a free mail Reply-To, a form
// asking for a password), the stronger comes first: rules are checked in
// this order and the weaker one gives way when the stronger fired.
var Signals = []string{SignalDisplayName, SignalSenderLookalike, SignalNoSender, SignalSenderInvalid, SignalFromRecipient,
	SignalNameAddress, SignalObfuscated, SignalReplyToFree, SignalReplyTo,
	SignalReturnPathFree, SignalDMARCFail, SignalSPFFail, SignalDKIMFail, SignalLinkBrand, SignalLinkText,
	SignalFormSecret, SignalForm, SignalAttachDouble, SignalAttachRun, SignalAttachHTML, SignalAttachArchive,
	SignalHiddenText, SignalMalformed, SignalOfficialSender}

// sigRule is a signal rule with its lists prepared for lookups.
type sigRule struct {
	rules.Rule
	domains map[string]bool
	skip    map[string]bool
	exts    map[string]bool
}

// Detector judges the email structure of a document. It is immutable after
// New and safe for concurrent use.
type Detector struct {
	rules []sigRule
	m     *lookalike.Matcher
	// free are the free mail providers (the domains of the
	// reply-to-freemail rule, or of return-path-freemail).
	free map[string]bool
}

// New takes the signal rules of set that name one of Signals; m judges
// brand names and lookalike sender domains.
func New(set *rules.Set, m *lookalike.Matcher) *Detector {
	d := &Detector{m: m, free: map[string]bool{}}
	for _, r := range set.Rules {
		if !slices.Contains(Signals, r.Signal) {
			continue
		}
		sr := sigRule{Rule: r, domains: lowerSet(r.Domains), skip: lowerSet(r.SkipDomains), exts: lowerSet(r.Extensions)}
		if r.Signal == SignalReplyToFree || r.Signal == SignalReturnPathFree {
			for k := range sr.domains {
				d.free[k] = true
			}
		}
		d.rules = append(d.rules, sr)
	}
	slices.SortStableFunc(d.rules, func(a, b sigRule) int {
		return slices.Index(Signals, a.Signal) - slices.Index(Signals, b.Signal)
	})
	return d
}

func lowerSet(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[strings.TrimPrefix(strings.ToLower(strings.TrimSpace(x)), ".")] = true
	}
	return m
}

// Name returns "email".
func (d *Detector) Name() string { return "email" }

// Detect reports each signal rule that the message shows, once, with the
// first evidence found.
func (d *Detector) Detect(ctx context.Context, doc *detect.Document) ([]detect.Finding, error) {
	msg := doc.Email
	if msg == nil || len(d.rules) == 0 {
		return nil, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c := d.context(doc)
	var out []detect.Finding
	fired := map[string]bool{}
	for i := range d.rules {
		r := &d.rules[i]
		ev, url, ok := d.check(r, c, fired)
		if !ok {
			continue
		}
		fired[r.Signal] = true
		out = append(out, detect.Finding{
			ID: r.ID, Layer: r.Layer, Points: r.Points, Message: r.Message,
			Evidence: detect.Clip(ev, 240), URL: url, Word: -1, EndWord: -1,
		})
	}
	return out, nil
}

// msgContext is what every signal reads, computed once per message.
type msgContext struct {
	doc        *detect.Document
	msg        *email.Message
	fromHost   string
	fromDomain string
	fromFree   bool
}

func (d *Detector) context(doc *detect.Document) *msgContext {
	c := &msgContext{doc: doc, msg: doc.Email}
	if c.msg.From != nil {
		c.fromHost = c.msg.From.Host()
		c.fromDomain = registrable(c.fromHost)
		c.fromFree = d.free[c.fromHost]
	}
	return c
}

// registrable returns the registrable domain of host, or host itself.
func registrable(host string) string {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "" {
		return ""
	}
	if d, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
		return d
	}
	return host
}

// formatAddr shows a header address as the reader sees it.
func formatAddr(field string, a *email.Address) string {
	if a.Name != "" {
		return fmt.Sprintf("%s: %q <%s>", field, a.Name, a.Addr)
	}
	return fmt.Sprintf("%s: <%s>", field, a.Addr)
}

// check applies one rule; fired holds the signals already reported, for
// rules that give way to a stronger one.
func (d *Detector) check(r *sigRule, c *msgContext, fired map[string]bool) (string, int, bool) {
	msg := c.msg
	switch r.Signal {
	case SignalDisplayName:
		return d.displayName(c)
	case SignalSenderLookalike:
		if c.fromHost == "" || r.skip[c.fromDomain] || d.m.Official(c.fromHost) {
			return "", -1, false
		}
		if m, ok := d.m.MatchHost(c.fromHost); ok {
			return fmt.Sprintf("%s (imitates %s, %s)", formatAddr("From", msg.From), m.Brand, m.Official), -1, true
		}
	case SignalNoSender:
		if msg.From == nil {
			return "the message has no From header", -1, true
		}
		if msg.From.Addr == "" {
			return fmt.Sprintf("From: %q with no address", msg.From.Name), -1, true
		}
	case SignalSenderInvalid:
		if msg.From == nil || msg.From.Addr == "" {
			return "", -1, false
		}
		if why := invalidAddr(msg.From.Addr); why != "" {
			return fmt.Sprintf("%s: %s", formatAddr("From", msg.From), why), -1, true
		}
	case SignalFromRecipient:
		if msg.From == nil || msg.From.Addr == "" {
			return "", -1, false
		}
		for _, to := range msg.To {
			if strings.EqualFold(to.Addr, msg.From.Addr) {
				return fmt.Sprintf("From: <%s>, To: <%s>", msg.From.Addr, to.Addr), -1, true
			}
		}
	case SignalNameAddress:
		return d.nameAddress(c)
	case SignalObfuscated:
		if msg.From != nil {
			if why := obfuscated(msg.From.Name); why != "" {
				return fmt.Sprintf("the sender's name %q %s", clip(msg.From.Name, 80), why), -1, true
			}
		}
		if why := obfuscated(msg.Subject); why != "" {
			return fmt.Sprintf("the subject %q %s", clip(msg.Subject, 80), why), -1, true
		}
	case SignalReplyToFree:
		if c.fromDomain == "" || c.fromFree || msg.List != "" {
			return "", -1, false
		}
		for i := range msg.ReplyTo {
			a := &msg.ReplyTo[i]
			// A free mailbox is at the provider's domain itself
			// (name@gmail.com), not at a service host under it.
			if r.domains[a.Host()] {
				return formatAddr("From", msg.From) + ", " + formatAddr("Reply-To", a), -1, true
			}
		}
	case SignalReplyTo:
		// Platforms that send for a person (DocuSign, GitHub, Calendly)
		// set Reply-To to that person: skip_domains holds them as senders
		// too.
		if fired[SignalReplyToFree] || c.fromDomain == "" || msg.List != "" || underAny(r.skip, c.fromHost) {
			return "", -1, false
		}
		for i := range msg.ReplyTo {
			a := &msg.ReplyTo[i]
			h := a.Host()
			rd := registrable(h)
			if rd == "" || r.skip[rd] || r.skip[h] {
				continue
			}
			differ := rd != c.fromDomain
			if !differ && c.fromFree && !strings.EqualFold(a.Addr, msg.From.Addr) {
				// Two different mailboxes of one free mail provider.
				differ = true
			}
			if differ && !d.sameBrand(c.fromHost, h) {
				return formatAddr("From", msg.From) + ", " + formatAddr("Reply-To", a), -1, true
			}
		}
	case SignalReturnPathFree:
		if c.fromDomain == "" || c.fromFree || msg.List != "" || msg.ReturnPath == "" {
			return "", -1, false
		}
		a := email.Address{Addr: msg.ReturnPath}
		if r.domains[a.Host()] {
			return formatAddr("From", msg.From) + ", Return-Path: <" + msg.ReturnPath + ">", -1, true
		}
	case SignalDMARCFail, SignalSPFFail, SignalDKIMFail:
		return d.auth(r, c)
	case SignalLinkText, SignalLinkBrand:
		return d.linkText(r, c, fired)
	case SignalFormSecret:
		for _, f := range msg.Forms {
			if f.Password || f.Card {
				what := "a password"
				if f.Card {
					what = "card details"
				}
				return fmt.Sprintf("a form in the message asks for %s (fields: %s) and sends it to %s", what,
					strings.Join(f.Fields, ", "), orNowhere(f.Action)), -1, true
			}
		}
	case SignalForm:
		if fired[SignalFormSecret] {
			return "", -1, false
		}
		for _, f := range msg.Forms {
			if f.Action != "" && len(f.Fields) > 0 {
				return fmt.Sprintf("a form in the message (fields: %s) sends what you type to %s", strings.Join(f.Fields, ", "), f.Action), -1, true
			}
		}
	case SignalAttachDouble:
		for _, a := range msg.Attachments {
			if ev, ok := doubleExt(a.Name, r.exts); ok {
				return ev, -1, true
			}
		}
	case SignalAttachRun:
		if fired[SignalAttachDouble] {
			return "", -1, false
		}
		for _, a := range msg.Attachments {
			if r.exts[ext(a.Name)] {
				return fmt.Sprintf("attachment %q", a.Name), -1, true
			}
		}
	case SignalAttachHTML:
		for _, a := range msg.Attachments {
			if r.exts[ext(a.Name)] || (a.Name == "" && a.Type == "text/html") {
				return fmt.Sprintf("attachment %q (%s)", a.Name, a.Type), -1, true
			}
		}
	case SignalAttachArchive:
		for _, a := range msg.Attachments {
			for _, in := range a.Inside {
				if r.exts[ext(in)] {
					return fmt.Sprintf("attachment %q holds %q", a.Name, in), -1, true
				}
			}
		}
	case SignalHiddenText:
		return hiddenText(msg)
	case SignalMalformed:
		if len(msg.Problems) > 0 {
			return strings.Join(msg.Problems, "; "), -1, true
		}
	case SignalOfficialSender:
		return d.officialSender(r, c, fired)
	}
	return "", -1, false
}

// officialSender reports a message from a brand's own domain (or a
// popular site's) whose every link goes back to that same site, with no
// sign of forgery: even if its words sound like phishing (a security
// alert, a password reset, an order notice), it cannot lead the reader
// anywhere else. It is checked last and gives way to any risk signal of
// this layer.
func (d *Detector) officialSender(r *sigRule, c *msgContext, fired map[string]bool) (string, int, bool) {
	msg, doc := c.msg, c.doc
	if c.fromHost == "" || d.free[c.fromHost] || len(doc.URLs) == 0 || len(msg.Forms) > 0 {
		return "", -1, false
	}
	for sig := range fired {
		if sig != SignalMalformed {
			return "", -1, false
		}
	}
	if !d.m.Official(c.fromHost) && !d.m.Allowed(c.fromDomain) {
		return "", -1, false
	}
	// Where anyone can send or publish (Microsoft tenants, Google Groups,
	// Forms, Sites, Drive ...), the brand's name proves nothing.
	if underAny(r.skip, c.fromHost) {
		return "", -1, false
	}
	same := func(host string) bool {
		return !underAny(r.skip, host) && (registrable(host) == c.fromDomain || d.sameBrand(c.fromHost, host))
	}
	for i := range msg.ReplyTo {
		if !same(msg.ReplyTo[i].Host()) {
			return "", -1, false
		}
	}
	// Links may also go to the official sites of other protected brands
	// (AliExpress mail links to Cainiao tracking and Alibaba pages) and to
	// popular sites.
	for i := range doc.URLs {
		u := &doc.URLs[i]
		if u.IP || u.Host == "" || !(same(u.Host) || d.elsewhereTrusted(r, u.Host)) {
			return "", -1, false
		}
	}
	return fmt.Sprintf("%s; all %d links go to %s or another brand's official site", formatAddr("From", msg.From), len(doc.URLs), c.fromDomain), -1, true
}

// elsewhereTrusted reports a link to another brand's official site or to
// a popular site (Microsoft's security mail links to live.com), unless
// anyone can publish there.
func (d *Detector) elsewhereTrusted(r *sigRule, host string) bool {
	if underAny(r.skip, host) || d.m.Platform(host) {
		return false
	}
	return d.m.Official(host) || d.m.Allowed(registrable(host))
}

func orNowhere(action string) string {
	if action == "" {
		return "an address the form does not show"
	}
	return action
}

// ext returns the lower-case extension of a file name without its dot.
func ext(name string) string {
	return strings.TrimPrefix(strings.ToLower(path.Ext(strings.TrimRight(name, " ."))), ".")
}

// decoyExts are the extensions a double-extension name shows first.
var decoyExts = map[string]bool{"pdf": true, "doc": true, "docx": true, "xls": true, "xlsx": true, "jpg": true,
	"jpeg": true, "png": true, "gif": true, "txt": true, "rtf": true, "mp3": true, "mp4": true, "zip": true,
	"csv": true, "ppt": true, "pptx": true, "odt": true, "htm": true, "html": true}

// doubleExt reports a file name that shows a harmless extension before a
// risky one ("invoice.pdf.exe"), or hides the real one behind spaces.
func doubleExt(name string, risky map[string]bool) (string, bool) {
	e := ext(name)
	if !risky[e] {
		return "", false
	}
	stem := strings.TrimSuffix(strings.TrimRight(name, " ."), name[strings.LastIndexByte(name, '.'):])
	if decoyExts[ext(stem)] || strings.HasSuffix(stem, "   ") {
		return fmt.Sprintf("attachment %q shows .%s but is a .%s file", name, ext(stem), e), true
	}
	return "", false
}

// hiddenText reports a message that hides a lot of text from the reader:
// keyword stuffing, or a lure written for filters only. A short hidden
// preview line ("preheader") is normal in newsletters.
func hiddenText(msg *email.Message) (string, int, bool) {
	if msg.HiddenChars < 300 {
		return "", -1, false
	}
	visible := 0
	for _, r := range msg.Text {
		if unicode.IsLetter(r) {
			visible++
		}
	}
	if msg.HiddenChars < visible/2 {
		return "", -1, false
	}
	return fmt.Sprintf("%d letters of hidden text, %d visible: %q", msg.HiddenChars, visible, msg.Hidden), -1, true
}

// auth reports a failed check of the trusted Authentication-Results for
// the From domain. Results of ARC headers count only from the receivers
// the rule trusts (its domains), and only when the message has no
// Authentication-Results of its own.
//
// Mailing lists change the messages they relay (subject tags, footers)
// and break DKIM, and with it DMARC, on every message: through a list a
// failure is not evidence.
//
// A brand's own domain does not post through mailing lists: for it the
// list exemption does not hold (a List-Id header is easy to add). SPF and
// DKIM failures do not count when DMARC passed (forwarding, a second
// signature).
func (d *Detector) auth(r *sigRule, c *msgContext) (string, int, bool) {
	if c.msg.List != "" && r.Signal != SignalSPFFail && !(c.fromHost != "" && d.m.Official(c.fromHost)) {
		return "", -1, false
	}
	method := strings.TrimSuffix(r.Signal, "-fail")
	results := c.msg.Auth
	own := false
	for _, a := range results {
		if !a.ARC {
			own = true
			break
		}
	}
	if method != "dmarc" {
		for _, a := range results {
			if a.ARC != own && a.Method == "dmarc" && a.Result == "pass" && (!a.ARC || underAny(r.domains, a.Server)) {
				return "", -1, false
			}
		}
	}
	for _, a := range results {
		// The message's own results when it has any, else the ARC ones.
		if a.ARC == own || a.Method != method || a.Result != "fail" {
			continue
		}
		if a.ARC && !underAny(r.domains, a.Server) {
			continue
		}
		// DMARC is about the From domain by definition; SPF and DKIM are
		// evidence only when they are about the From domain.
		if method != "dmarc" && (a.Domain == "" || registrable(a.Domain) != c.fromDomain) {
			continue
		}
		ev := fmt.Sprintf("%s=fail", a.Method)
		if a.Domain != "" {
			ev += " for " + a.Domain
		}
		if a.Server != "" {
			ev += " (checked by " + a.Server + ")"
		}
		return ev, -1, true
	}
	return "", -1, false
}

// underAny reports whether host is one of set or a host under one (an
// authserv-id under a trusted receiver, a link under a click tracker).
func underAny(set map[string]bool, host string) bool {
	for h := host; h != ""; {
		if set[h] {
			return true
		}
		i := strings.IndexByte(h, '.')
		if i < 0 {
			return false
		}
		h = h[i+1:]
	}
	return false
}

// displayName reports a From display name that names a protected brand
// when the address is not on one of the brand's official domains.
func (d *Detector) displayName(c *msgContext) (string, int, bool) {
	msg := c.msg
	if msg.From == nil || msg.From.Name == "" {
		return "", -1, false
	}
	b, ok := d.brandIn(msg.From.Name)
	if !ok {
		return "", -1, false
	}
	// "Google Developers via Meetup" <info@email.meetup.com>: a platform
	// sending for someone names them; it is the platform's own address.
	if p := viaPlatform(msg.From.Name); p != "" && c.fromHost != "" && !d.free[c.fromHost] &&
		strings.Contains(strings.ReplaceAll(c.fromDomain, "-", ""), p) {
		return "", -1, false
	}
	if c.fromHost != "" && d.officialFor(b, c.fromHost) {
		return "", -1, false
	}
	return fmt.Sprintf("%s: the name says %s, the address is not on %s", formatAddr("From", msg.From), b.Name, b.Main()), -1, true
}

// invalidAddr says what is wrong with an address a mail server would not
// have accepted as written ("" when nothing is): a domain without a dot,
// with a comma or a space (written so that filters do not read it).
func invalidAddr(addr string) string {
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 || at == len(addr)-1 {
		return "the address has no user or no domain"
	}
	dom := strings.TrimSuffix(addr[at+1:], ".")
	switch {
	case strings.ContainsAny(dom, ", ;\"'()[]<>"):
		return fmt.Sprintf("the domain %q holds characters no domain has", dom)
	case !strings.Contains(dom, "."):
		return fmt.Sprintf("the domain %q has no dot", dom)
	}
	return ""
}

// obfuscated says how a header written for people hides its words from
// filters, or "" when it does not: invisible characters inside words,
// letters from the mathematical or small-capital blocks (𝐩𝐡𝐨𝐭𝐨𝐬, ᴘᴀʏᴍᴇɴᴛ),
// or a word spelled out with dots (C.a.l.l.e.d). Emoji and their joiners
// are not obfuscation.
func obfuscated(s string) string {
	var prev rune
	dotted, letters := 0, 0
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case r >= 0x1D400 && r <= 0x1D7FF, r >= 0x1D00 && r <= 0x1D2B, r >= 0x24B6 && r <= 0x24E9:
			return fmt.Sprintf("is written with look-alike letters (%q)", string(r))
		case r == 0x200B || r == 0x200C || r == 0x00AD || r == 0x2060 || r == 0x180E ||
			(r >= 0xE0000 && r <= 0xE01EF) || (r >= 0xFE00 && r <= 0xFE0D):
			// Persian and Indic scripts need ZWNJ inside words: only
			// invisible characters between Latin, Cyrillic or Greek
			// letters are a trick.
			if europeanLetter(prev) && i+1 < len(rs) && europeanLetter(rs[i+1]) {
				return fmt.Sprintf("hides invisible characters (U+%04X) inside its words", r)
			}
		}
		// Single letters joined by dots: "C.a.l.l.e.d" (an initialism
		// such as U.S.A. has at most three).
		if unicode.IsLetter(r) {
			if (i == 0 || !unicode.IsLetter(rs[i-1])) && (i+1 == len(rs) || rs[i+1] == '.' || rs[i+1] == '_') {
				if letters == 0 || (prev == '.' || prev == '_') {
					letters++
				}
			} else {
				letters = 0
			}
		} else if r != '.' && r != '_' {
			letters = 0
		}
		if letters >= 5 {
			dotted++
			break
		}
		prev = r
	}
	if dotted > 0 {
		return "spells a word out with dots between its letters"
	}
	return ""
}

func europeanLetter(r rune) bool {
	return unicode.In(r, unicode.Latin, unicode.Cyrillic, unicode.Greek)
}

// nameAddress reports a display name that shows a mail address or a web
// domain other than the sender's own ("service@paypal.com" <x@evil.top>),
// so that the reader takes it for the sender. Notifications of known
// sites that name the person they speak for ("ana@example.com (via
// Google Drive)") are not judged.
func (d *Detector) nameAddress(c *msgContext) (string, int, bool) {
	msg := c.msg
	if msg.From == nil || msg.From.Name == "" || c.fromDomain == "" {
		return "", -1, false
	}
	if d.m.Official(c.fromHost) || d.m.Allowed(c.fromDomain) {
		return "", -1, false
	}
	for _, u := range extract.URLs(strings.ReplaceAll(msg.From.Name, "@", " ")) {
		if u.Domain != "" && u.Domain != c.fromDomain && !d.sameBrand(u.Host, c.fromHost) {
			return fmt.Sprintf("%s: the name shows %s", formatAddr("From", msg.From), u.Domain), -1, true
		}
	}
	return "", -1, false
}

// viaPlatform returns the platform of a sender name of the form "X via
// Platform" or "X (via Platform)", lower case, letters and digits only, or
// "" (and "" for a platform name under three letters).
func viaPlatform(name string) string {
	l := strings.ToLower(name)
	i := strings.LastIndex(l, " via ")
	if j := strings.LastIndex(l, "(via "); j > i {
		i = j
	}
	if i < 0 {
		return ""
	}
	var b strings.Builder
	for _, r := range l[i+5:] {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	if b.Len() < 3 {
		return ""
	}
	return b.String()
}

// brandIn finds a protected brand named in s: one of its tokens as a
// word of the normalised text, or a long token inside a word
// ("AliExpressOfficial") unless the token is an everyday word.
func (d *Detector) brandIn(s string) (*lookalike.Brand, bool) {
	nt := normalize.Normalize(s, nil)
	words := make([]string, nt.Words())
	for i := range words {
		// Digits and I for the letters they imitate (N3tflix, PayPaI).
		words[i] = leet.Replace(nt.Word(i))
	}
	joined := strings.Join(words, "")
	brands := d.m.Brands()
	for i := range brands {
		b := &brands[i]
		for _, t := range b.Tokens {
			t = leet.Replace(t)
			// A token that is an everyday word counts only as a word of
			// its own ("Microsoft account team"), never glued.
			if !b.Word && len(t) >= 6 && strings.Contains(joined, t) {
				return b, true
			}
			if slices.Contains(words, t) {
				return b, true
			}
		}
	}
	return nil, false
}

// leet folds the digits and letters that stand in for others in brand
// names (0 for o, 3 for e, 1 and i for l ...), on both sides of a
// comparison.
var leet = strings.NewReplacer("0", "o", "1", "l", "i", "l", "3", "e", "4", "a", "5", "s", "7", "t", "$", "s", "@", "a")

// officialFor reports whether host is on one of b's official domains.
func (d *Detector) officialFor(b *lookalike.Brand, host string) bool {
	for _, dom := range b.Domains {
		if host == dom || strings.HasSuffix(host, "."+dom) {
			return true
		}
	}
	return false
}

// sameBrand reports two hosts on official domains of one brand
// (aliexpress.com and aliexpress.ru).
func (d *Detector) sameBrand(a, b string) bool {
	brands := d.m.Brands()
	for i := range brands {
		if d.officialFor(&brands[i], a) && d.officialFor(&brands[i], b) {
			return true
		}
	}
	return false
}

// linkText compares what each link shows with where it goes, as rspamd's
// phishing module and SpamAssassin's uri_detail do: the shown text holds a
// web address (or a brand's official domain) whose registrable domain is
// not the target's. Targets on the rule's skip_domains (mail click
// trackers) are not judged: they redirect to what they show.
func (d *Detector) linkText(r *sigRule, c *msgContext, fired map[string]bool) (string, int, bool) {
	msg, doc := c.msg, c.doc
	if r.Signal == SignalLinkText && fired[SignalLinkBrand] {
		return "", -1, false
	}
	for i, l := range msg.Links {
		if l.Kind != email.LinkAnchor || i >= len(doc.LinkURLs) || doc.LinkURLs[i] < 0 || l.Text == "" {
			continue
		}
		target := &doc.URLs[doc.LinkURLs[i]]
		if target.Host == "" || underAny(r.skip, target.Host) {
			continue
		}
		shown := shownURL(l.Text)
		if shown == nil || shown.Host == "" || shown.Domain == target.Domain && !target.IP {
			continue
		}
		if d.sameBrand(shown.Host, target.Host) {
			continue
		}
		brandShown := d.m.Official(shown.Host)
		if r.Signal == SignalLinkBrand && (!brandShown || d.m.Official(target.Host)) {
			continue
		}
		return fmt.Sprintf("the link shows %q but goes to %s", clip(l.Text, 80), target.HostUnicode), doc.LinkURLs[i], true
	}
	return "", -1, false
}

// shownURL returns the web address an anchor text shows, if any.
func shownURL(text string) *extract.URL {
	us := extract.URLs(text)
	if len(us) == 0 {
		return nil
	}
	return &us[0]
}

func clip(s string, n int) string { return detect.Clip(s, n) }
