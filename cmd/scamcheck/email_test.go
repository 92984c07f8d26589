package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/scamcheck/scamcheck/pkg/mailbox"
)

// TestMailboxEndToEnd pipes an mbox with a broken message in the middle
// into the built binary: one ndjson result per message, in order, the
// worst verdict as exit code, nothing on stderr but the results' own.
func TestMailboxEndToEnd(t *testing.T) {
	bin := buildBinary(t)
	var mbox bytes.Buffer
	w := mailbox.NewWriter(&mbox)
	msgs := []string{
		"From: Ana <ana@example.com>\nTo: bruno@example.com\nSubject: lunch\n\nSee you at noon.\nFrom the office.",
		"From: x\nContent-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain; charset=x-unknown\n\nhalf a mess\x00age",
		strings.Repeat("not mail at all ", 100),
		"From: \"AliExpress\" <service@aliexpress-refund.shop>\nTo: ana@example.com\nSubject: =?UTF-8?B?UmVmdW5kIG9uIGhvbGQ=?=\nContent-Type: text/html\n\n<p>Your refund is on hold. <a href=\"https://aliexpress-refund.shop/card\">https://www.aliexpress.com/refund</a></p>",
	}
	for _, m := range msgs {
		if err := w.Write([]byte(m)); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := runBin(t, bin, mbox.String(), "check", "--format", "ndjson")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != len(msgs) || code != 2 || errOut != "" {
		t.Fatalf("exit %d, %d results, stderr %q:\n%s", code, len(lines), errOut, out)
	}
	want := []string{"email safe", "email safe", "text safe", "email scam"}
	for i, l := range lines {
		var r struct {
			Input, Kind, Verdict string
			Email                *struct{ Subject string }
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		if got := r.Kind + " " + r.Verdict; got != want[i] || r.Input != fmt.Sprintf("stdin#%d", i+1) {
			t.Errorf("result %d: %s %q, want %s", i+1, r.Input, got, want[i])
		}
		if i == 3 && (r.Email == nil || r.Email.Subject != "Refund on hold") {
			t.Errorf("subject: %+v", r.Email)
		}
	}
}
