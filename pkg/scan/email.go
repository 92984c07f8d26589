package scan

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/scamcheck/scamcheck/pkg/detect"
	"github.com/scamcheck/scamcheck/pkg/email"
	"github.com/scamcheck/scamcheck/pkg/extract"
	"github.com/scamcheck/scamcheck/pkg/input"
)

// As says how an input is read: AsAuto looks at it (a raw RFC 5322 message
// is read as an email, anything else as text), AsText and AsEmail force it.
type As string

// The ways to read an input.
const (
	AsAuto  As = "auto"
	AsText  As = "text"
	AsEmail As = "email"
)

// ParseAs reads the value of --as.
func ParseAs(s string) (As, error) {
	if s == "" {
		return AsAuto, nil
	}
	switch a := As(s); a {
	case AsAuto, AsText, AsEmail:
		return a, nil
	}
	return "", fmt.Errorf("--as %q: want auto, text or email", s)
}

// EmailInfo is what the report shows about a checked email.
type EmailInfo struct {
	MessageID   string             `json:"message_id,omitempty"`
	Subject     string             `json:"subject"`
	From        *email.Address     `json:"from,omitempty"`
	ReplyTo     []email.Address    `json:"reply_to,omitempty"`
	ReturnPath  string             `json:"return_path,omitempty"`
	Links       int                `json:"links"`
	Forms       []email.Form       `json:"forms,omitempty"`
	Attachments []email.Attachment `json:"attachments,omitempty"`
	HiddenChars int                `json:"hidden_chars,omitempty"`
	// Problems say what was malformed in the message.
	Problems []string `json:"problems,omitempty"`
}

// PrepareEmail builds the document for a parsed email: the phrase layers
// read the subject and the visible body; every link target (anchors, image
// links, form actions, and links written in the text) is in URLs, so the
// URL, lookalike and age layers judge them all.
func PrepareEmail(name string, msg *email.Message) *detect.Document {
	text := msg.Text
	if msg.Subject != "" {
		text = msg.Subject + "\n\n" + text
	}
	doc := Prepare(name, detect.KindEmail, text)
	doc.Email = msg
	seen := make(map[string]int, len(doc.URLs))
	for i, u := range doc.URLs {
		if _, ok := seen[u.URL]; !ok {
			seen[u.URL] = i
		}
	}
	doc.LinkURLs = make([]int, len(msg.Links))
	for i, l := range msg.Links {
		doc.LinkURLs[i] = -1
		u, ok := linkTarget(l.Href)
		if !ok {
			continue
		}
		if j, dup := seen[u.URL]; dup {
			doc.LinkURLs[i] = j
			continue
		}
		u.Start, u.End = 0, 0
		seen[u.URL] = len(doc.URLs)
		doc.LinkURLs[i] = len(doc.URLs)
		doc.URLs = append(doc.URLs, u)
	}
	return doc
}

// linkTarget parses an href: a web link, or nothing (relative links).
// A link wrapped by a mail security rewriter is judged by the link it
// wraps.
func linkTarget(href string) (extract.URL, bool) {
	href = unwrap(href)
	if u, err := extract.ParseOne(href); err == nil {
		u.Raw = href
		return u, true
	}
	// Spaces and other junk inside the link: take the URL it starts with.
	us := extract.URLs(href)
	if len(us) > 0 && us[0].Start == 0 && !us[0].Bare {
		u := us[0]
		u.Raw = href
		return u, true
	}
	return extract.URL{}, false
}

// CheckItem checks one input read by package input, as text or as an
// email (as decides; AsAuto looks at the input).
func (s *Scanner) CheckItem(ctx context.Context, it input.Item, as As) Result {
	kind := detect.KindText
	if as == AsEmail || (as == AsAuto && it.Err == nil && email.Looks(it.Raw)) {
		kind = detect.KindEmail
	}
	if it.Err != nil {
		return ErrorResult(it.Name, kind, it.Err)
	}
	var res Result
	var err error
	if kind == detect.KindEmail {
		res, err = s.checkEmail(ctx, it)
	} else {
		res, err = s.CheckText(ctx, it.Name, kind, it.String())
	}
	if err != nil {
		return ErrorResult(it.Name, kind, err)
	}
	if it.Truncated() {
		res.Truncated = &Truncation{CheckedBytes: it.Checked, TotalBytes: it.Total}
	}
	return res
}

// checkEmail parses and checks one message.
func (s *Scanner) checkEmail(ctx context.Context, it input.Item) (Result, error) {
	msg, err := email.Parse(it.Raw)
	if err != nil {
		return Result{}, fmt.Errorf("not an email: %w", err)
	}
	res, err := s.Check(ctx, PrepareEmail(it.Name, msg))
	if err != nil {
		return Result{}, fmt.Errorf("check failed: %w", err)
	}
	res.Email = &EmailInfo{MessageID: msg.MessageID, Subject: msg.Subject, From: msg.From, ReplyTo: msg.ReplyTo,
		ReturnPath: msg.ReturnPath, Links: len(msg.Links), Forms: msg.Forms, Attachments: msg.Attachments,
		HiddenChars: msg.HiddenChars, Problems: msg.Problems}
	return res, nil
}

// unwrap returns the link that a mail security rewriter wraps (Outlook
// Safe Links, Google's /url redirect, Proofpoint URL Defense v2 and v3),
// or href itself.
func unwrap(href string) string {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil || u.Host == "" {
		return href
	}
	host := strings.ToLower(u.Hostname())
	var inner string
	switch {
	case strings.HasSuffix(host, ".safelinks.protection.outlook.com"):
		inner = u.Query().Get("url")
	case (host == "www.google.com" || host == "google.com") && u.Path == "/url":
		inner = u.Query().Get("q")
		if inner == "" {
			inner = u.Query().Get("url")
		}
	case host == "urldefense.com" && strings.HasPrefix(u.Path, "/v3/__"):
		rest := strings.TrimPrefix(href[strings.Index(href, "/v3/__")+len("/v3/__"):], "")
		if i := strings.Index(rest, "__;"); i > 0 {
			inner = rest[:i]
		}
	case host == "urldefense.proofpoint.com" && strings.HasPrefix(u.Path, "/v2/url"):
		v := strings.ReplaceAll(u.Query().Get("u"), "_", "/")
		var b strings.Builder
		for i := 0; i < len(v); i++ {
			if v[i] == '-' && i+2 < len(v) {
				b.WriteByte('%')
				continue
			}
			b.WriteByte(v[i])
		}
		inner, _ = url.PathUnescape(b.String())
	}
	if inner == "" || inner == href {
		return href
	}
	if !strings.Contains(inner, "://") {
		return href
	}
	return inner
}
