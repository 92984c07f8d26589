package report

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/scamcheck/scamcheck/pkg/detect"
	"github.com/scamcheck/scamcheck/pkg/email"
	"github.com/scamcheck/scamcheck/pkg/scan"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// sample are results as the scanner produces them: a scam with reasons and
// links, a safe message, and an input that could not be read.
var sample = []scan.Result{
	{
		Input: "argument", Kind: detect.KindText, Verdict: "scam", Score: 85,
		Reasons: []detect.Finding{
			{ID: "customs.fee-to-release", Layer: "customs", Points: 35, Message: "Says your parcel is held until you pay a fee, the way fake customs and delivery texts do.", Evidence: "parcel is held at customs. Pay 1.99 USD"},
			{ID: "combo.fee-link", Layer: "combination", Points: 20, Message: "A fee demand together with a link to pay it is the customs-fee scam pattern.", Evidence: "customs + url"},
			{ID: "url.risky-tld", Layer: "url", Points: 10, Message: "The link is on a cheap top-level domain that scam sites use far more often than real shops.", Evidence: "https://ali-express-delivery.top/pay"},
		},
		URLs: []scan.URLInfo{{Raw: "https://ali-express-delivery.top/pay", URL: "https://ali-express-delivery.top/pay", Host: "ali-express-delivery.top", Domain: "ali-express-delivery.top", Reasons: []string{"url.risky-tld"},
			Registered: "2026-11-16", AgeDays: intp(6), AgeSource: "rdap"}},
		Advice: []string{"Real couriers and AliExpress do not ask for small fees by SMS or through a link; check your order in the AliExpress app instead of following the link.", "This looks like a scam. Do not click its links, do not pay, and do not send codes or card details."},
	},
	{
		Input: "notes.txt", Kind: detect.KindText, Verdict: "safe", Score: 0, Reasons: []detect.Finding{},
		URLs: []scan.URLInfo{{Raw: "xn--80ak6aa92e.com", URL: "http://xn--80ak6aa92e.com", Host: "xn--80ak6aa92e.com", Domain: "xn--80ak6aa92e.com", Unicode: "аррӏе.com", Reasons: []string{},
			AgeError: "RDAP: rdap.verisign.com timed out; WHOIS: whois.verisign-grs.com timed out"}},
		Advice:    []string{"No scam signs found. Stay careful all the same; a safe verdict is not a guarantee."},
		Truncated: &scan.Truncation{CheckedBytes: 10 << 20, TotalBytes: 15 << 20},
	},
	{
		Input: "inbox.mbox#2", Kind: detect.KindEmail, Verdict: "suspicious", Score: 50,
		Reasons: []detect.Finding{
			{ID: "email.display-name-brand", Layer: "email", Points: 30, Message: "The sender's name says it is a well-known brand, but the address it comes from is not one of that brand's.", Evidence: `From: "AliExpress" <service@aliexpress-refund.shop>: the name says AliExpress, the address is not on aliexpress.com`},
			{ID: "email.attachment-html", Layer: "email", Points: 20, Message: "An attachment is a web page; opened, it can show a fake sign-in page that sends your password away.", Evidence: `attachment "Refund_form.html" (text/html)`},
			{ID: "email.malformed", Layer: "email", Points: 0, Message: "Parts of the message are malformed; it was read as far as possible.", Evidence: "multipart multipart/mixed: NextPart: EOF"},
		},
		URLs: []scan.URLInfo{},
		Email: &scan.EmailInfo{MessageID: "<r.2@aliexpress-refund.shop>", Subject: "Your refund is on hold",
			From: &email.Address{Name: "AliExpress", Addr: "service@aliexpress-refund.shop"}, Links: 0,
			Attachments: []email.Attachment{{Name: "Refund_form.html", Type: "text/html", Size: 2048}},
			Problems:    []string{"multipart multipart/mixed: NextPart: EOF"}},
		Advice: []string{"Do not trust the sender's name or the text of a link in an email; open the AliExpress app or type aliexpress.com yourself, and never open attachments you did not expect."},
	},
	scan.ErrorResult("missing.eml", detect.KindText, errors.New("open missing.eml: no such file or directory")),
}

func intp(n int) *int { return &n }

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		format, file string
		color        bool
	}{
		{"text", "text.golden", false},
		{"text", "text-color.golden", true},
		{"json", "json.golden", false},
		{"ndjson", "ndjson.golden", false},
	} {
		t.Run(tc.file, func(t *testing.T) {
			var buf bytes.Buffer
			rep, err := New(tc.format, &buf, tc.color)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range sample {
				if err := rep.Write(r); err != nil {
					t.Fatal(err)
				}
			}
			if err := rep.Close(); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("..", "..", "testdata", "report", tc.file)
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./pkg/report -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s output differs from %s:\n%s", tc.format, path, buf.String())
			}
		})
	}
}

func TestTextFitsEightyColumns(t *testing.T) {
	var buf bytes.Buffer
	rep, _ := New("text", &buf, false)
	for _, r := range sample {
		_ = rep.Write(r)
	}
	for i, line := range bytes.Split(buf.Bytes(), []byte("\n")) {
		// Long unbreakable words (URLs) may overflow; nothing else may.
		if n := len([]rune(string(line))); n > width && bytes.Count(line, []byte(" ")) > 8 {
			t.Errorf("line %d has %d columns: %q", i+1, n, line)
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	if _, err := New("xml", &bytes.Buffer{}, false); err == nil {
		t.Error("want an error for format xml")
	}
}
