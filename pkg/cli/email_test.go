package cli

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scamcheck/scamcheck/pkg/scan"
)

const mboxFixture = "../mailbox/testdata/three.mbox"

// ndjsonResults parses ndjson output.
func ndjsonResults(t *testing.T, out string) []scan.Result {
	t.Helper()
	var rs []scan.Result
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var r scan.Result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%v: %s", err, sc.Text())
		}
		rs = append(rs, r)
	}
	return rs
}

func TestCheckEmailDetected(t *testing.T) {
	raw, err := os.ReadFile("../email/testdata/cp1252-html-lure.eml")
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, string(raw), "check", "--format", "json")
	var r scan.Result
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v: %s %s", err, out, errOut)
	}
	if r.Kind != "email" || r.Email == nil || r.Email.Subject != "Votre colis est bloqué" || r.Verdict != "scam" || code != ExitScam {
		t.Fatalf("exit %d kind %s verdict %s email %+v", code, r.Kind, r.Verdict, r.Email)
	}
	ids := map[string]bool{}
	for _, f := range r.Reasons {
		ids[f.ID] = true
	}
	for _, id := range []string{"email.dmarc-fail", "email.reply-to-freemail", "email.form-credentials", "email.link-text-brand"} {
		if !ids[id] {
			t.Errorf("%s missing from %v", id, ids)
		}
	}
	// The targets of HTML links are judged as links too.
	found := false
	for _, u := range r.URLs {
		if u.Domain == "colis-frais.top" {
			found = true
		}
	}
	if !found {
		t.Errorf("link targets not in urls: %+v", r.URLs)
	}

	// --as text reads the same bytes as plain text: no email layer.
	_, out, _ = runCLI(t, string(raw), "check", "--format", "json", "--as", "text")
	r = scan.Result{}
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.Kind != "text" || r.Email != nil {
		t.Errorf("--as text: kind %s, %v", r.Kind, err)
	}
	if code, _, errOut := runCLI(t, "x", "check", "--as", "pdf"); code != ExitUsage || !strings.Contains(errOut, "--as") {
		t.Errorf("--as pdf: exit %d %s", code, errOut)
	}
}

func TestCheckEmailForcedOnText(t *testing.T) {
	// Forced email on something with no header block: an error for that
	// input, not a verdict.
	code, out, _ := runCLI(t, "just some words\nand more", "check", "--as", "email", "--format", "json")
	var r scan.Result
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.Error == "" || code != ExitInput {
		t.Errorf("exit %d: %+v %v", code, r, err)
	}
	// A pasted text that starts with one "Subject:" line stays text.
	_, out, _ = runCLI(t, "Subject: hello\nsee you at 6", "check", "--format", "json")
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.Kind != "text" {
		t.Errorf("kind %s %v", r.Kind, err)
	}
}

func TestCheckMbox(t *testing.T) {
	for _, how := range []string{"file", "stdin"} {
		t.Run(how, func(t *testing.T) {
			var code int
			var out string
			if how == "file" {
				code, out, _ = runCLI(t, "", "check", "-f", mboxFixture, "--format", "ndjson")
			} else {
				raw, err := os.ReadFile(mboxFixture)
				if err != nil {
					t.Fatal(err)
				}
				code, out, _ = runCLI(t, string(raw), "check", "--format", "ndjson")
			}
			rs := ndjsonResults(t, out)
			if len(rs) != 3 {
				t.Fatalf("%d results:\n%s", len(rs), out)
			}
			name := mboxFixture
			if how == "stdin" {
				name = "stdin"
			}
			// One result per message, each named by its position; the
			// broken middle message is checked as text.
			want := []struct{ kind, verdict string }{{"email", "safe"}, {"text", "safe"}, {"email", "scam"}}
			for i, w := range want {
				if rs[i].Input != name+"#"+string(rune('1'+i)) || string(rs[i].Kind) != w.kind || string(rs[i].Verdict) != w.verdict {
					t.Errorf("result %d: %s %s %s, want %s %s", i, rs[i].Input, rs[i].Kind, rs[i].Verdict, w.kind, w.verdict)
				}
			}
			if rs[0].Email == nil || rs[0].Email.MessageID != "<ship.1@notice.aliexpress.com>" {
				t.Errorf("message id: %+v", rs[0].Email)
			}
			if code != ExitScam {
				t.Errorf("exit %d", code)
			}
		})
	}
}

func TestCheckMaildir(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"cur", "new", "tmp"} {
		os.MkdirAll(filepath.Join(dir, d), 0o755)
	}
	os.WriteFile(filepath.Join(dir, "cur", "1.host:2,S"), []byte("From: Ana <ana@example.com>\nSubject: lunch\n\nSee you at noon."), 0o644)
	os.WriteFile(filepath.Join(dir, "new", "2.host"), []byte("From: \"PayPal\" <service@paypal-resolution.top>\nSubject: Account limited\n\nYour account is limited, verify your identity at https://paypal-resolution.top/verify within 24 hours."), 0o644)
	code, out, _ := runCLI(t, "", "check", "-f", dir, "--format", "ndjson")
	rs := ndjsonResults(t, out)
	if len(rs) != 2 || rs[0].Verdict != "safe" || rs[1].Verdict == "safe" || code == ExitSafe {
		t.Fatalf("exit %d: %s", code, out)
	}
	if !strings.HasSuffix(rs[1].Input, filepath.Join("new", "2.host")) {
		t.Errorf("input %q", rs[1].Input)
	}
	code, _, errOut := runCLI(t, "", "check", "-f", t.TempDir())
	if code != ExitInput || !strings.Contains(errOut, "could not be checked") {
		t.Errorf("empty folder: exit %d %s", code, errOut)
	}
}

func TestCheckFolderWithMbox(t *testing.T) {
	dir := t.TempDir()
	raw, err := os.ReadFile(mboxFixture)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "Inbox"), raw, 0o644)
	os.WriteFile(filepath.Join(dir, "single.eml"), []byte("From: Ana <ana@example.com>\nSubject: lunch\n\nNoon."), 0o644)
	_, out, _ := runCLI(t, "", "check", "-f", dir, "--format", "ndjson")
	rs := ndjsonResults(t, out)
	if len(rs) != 4 || !strings.HasSuffix(rs[0].Input, "Inbox#1") || !strings.HasSuffix(rs[3].Input, "single.eml") {
		var names []string
		for _, r := range rs {
			names = append(names, r.Input)
		}
		t.Fatalf("%d results: %q", len(rs), names)
	}
}
