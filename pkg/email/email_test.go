package email

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func load(t *testing.T, name string) *Message {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if !Looks(raw) {
		t.Fatalf("%s: not taken for an email", name)
	}
	m, err := Parse(raw)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

func TestParseFixtures(t *testing.T) {
	tests := []struct {
		file       string
		from, name string
		subject    string
		text       []string // in the visible text
		notText    []string // not in it
		links      []Link
		problems   []string
		attach     []string
	}{
		{file: "koi8r-qp.eml", from: "shop@example.ru", name: "Магазин", subject: "Ваш заказ отправлен",
			text: []string{"Здравствуйте! Ваш заказ 8812 отправлен.", "https://track.aliexpress.ru/8812"}},
		{file: "sjis-gb2312-nested.eml", from: "info@shop.example.jp", subject: "ご注文",
			text:    []string{"ご注文ありがとうございます。", "注文を確認", "您的包裹已到达。"},
			notText: []string{"color:red", "<p>"},
			links:   []Link{{Kind: LinkAnchor, Href: "https://www.rakuten.co.jp/order", Text: "注文を確認"}},
			attach:  []string{"請求書.pdf"}},
		{file: "cp1252-html-lure.eml", from: "noreply@laposte.fr", name: "La Poste Colissimo", subject: "Votre colis est bloqué",
			text:    []string{"Réglez les frais de 1,99 € :", "www.laposte.fr/suivi"},
			notText: []string{"caché", "document.write"},
			links: []Link{
				{Kind: LinkImage, Href: "https://colis-frais.top/pay?id=1", Text: "Payer maintenant"},
				{Kind: LinkAnchor, Href: "https://colis-frais.top/suivi", Text: "www.laposte.fr/suivi"},
				{Kind: LinkForm, Href: "https://colis-frais.top/carte"},
			}},
		{file: "malformed-parts.eml", from: "news@shop.example", subject: "Broken",
			text:     []string{"Hello from Mars.", "The last part, cut off in the middle of a sen"},
			problems: []string{`charset "x-martian"`, "illegal base64"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m := load(t, tt.file)
			if m.From == nil || m.From.Addr != tt.from || (tt.name != "" && m.From.Name != tt.name) {
				t.Errorf("From %+v, want %q %q", m.From, tt.name, tt.from)
			}
			if m.Subject != tt.subject {
				t.Errorf("Subject %q, want %q", m.Subject, tt.subject)
			}
			for _, s := range tt.text {
				if !strings.Contains(m.Text, s) {
					t.Errorf("text lacks %q:\n%s", s, m.Text)
				}
			}
			for _, s := range tt.notText {
				if strings.Contains(m.Text, s) {
					t.Errorf("text has %q:\n%s", s, m.Text)
				}
			}
			if tt.links != nil && fmt.Sprint(m.Links) != fmt.Sprint(tt.links) {
				t.Errorf("links\n got %+v\nwant %+v", m.Links, tt.links)
			}
			for _, p := range tt.problems {
				if !strings.Contains(strings.Join(m.Problems, "|"), p) {
					t.Errorf("problems %q lack %q", m.Problems, p)
				}
			}
			if tt.problems == nil && len(m.Problems) > 0 {
				t.Errorf("unexpected problems %q", m.Problems)
			}
			var names []string
			for _, a := range m.Attachments {
				names = append(names, a.Name)
			}
			if strings.Join(names, ",") != strings.Join(tt.attach, ",") {
				t.Errorf("attachments %q, want %q", names, tt.attach)
			}
		})
	}
}

func TestLureDetails(t *testing.T) {
	m := load(t, "cp1252-html-lure.eml")
	// Only the top Authentication-Results header counts: the one below it
	// could have been written by the sender.
	var got []string
	for _, a := range m.Auth {
		got = append(got, a.Method+"="+a.Result+"@"+a.Domain+"/"+a.Server)
	}
	want := "spf=fail@laposte.fr/mx.example.fr dkim=none@/mx.example.fr dmarc=fail@laposte.fr/mx.example.fr"
	if strings.Join(got, " ") != want {
		t.Errorf("auth %q\nwant %q", strings.Join(got, " "), want)
	}
	if len(m.Forms) != 1 || !m.Forms[0].Card || m.Forms[0].Password || m.Forms[0].Action != "https://colis-frais.top/carte" {
		t.Errorf("forms %+v", m.Forms)
	}
	if m.HiddenChars == 0 || !strings.Contains(m.Hidden, "caché pour les filtres") {
		t.Errorf("hidden %d %q", m.HiddenChars, m.Hidden)
	}
	if len(m.ReplyTo) != 1 || m.ReplyTo[0].Addr != "colissimo.service@gmail.com" || m.ReturnPath != "bounce@colis-frais.top" {
		t.Errorf("reply-to %+v return-path %q", m.ReplyTo, m.ReturnPath)
	}
}

func TestAuthResults(t *testing.T) {
	tests := []struct{ in, want string }{
		{"mx.google.com;\n dkim=pass header.i=@shop.example header.s=s1;\n spf=pass (google.com: domain of x@shop.example designates 1.2.3.4) smtp.mailfrom=x@shop.example;\n dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=shop.example",
			"dkim=pass@shop.example/mx.google.com spf=pass@shop.example/mx.google.com dmarc=pass@shop.example/mx.google.com"},
		// Microsoft writes no authserv-id.
		{"spf=softfail (sender IP is 1.2.3.4) smtp.mailfrom=windows.net; dkim=none (message not signed) header.d=none;dmarc=fail action=oreject header.from=and.co.uk;compauth=fail reason=000",
			"spf=softfail@windows.net/ dkim=none@none/ dmarc=fail@and.co.uk/ compauth=fail@/"},
		{"mx.example.net 1; none", ""},
		{"", ""},
	}
	for _, tt := range tests {
		_, rs := parseAuth(tt.in, false)
		var got []string
		for _, r := range rs {
			got = append(got, r.Method+"="+r.Result+"@"+r.Domain+"/"+r.Server)
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("parseAuth(%q)\n got %q\nwant %q", tt.in, strings.Join(got, " "), tt.want)
		}
	}
}

func TestLooks(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"From: a@b.example\nSubject: hi\n\nbody", true},
		{"Received: from x by y; Mon, 1 Jan 2024\n\tcontinued\nMessage-ID: <1@x>\nFrom: a@b.example\n\nbody", true},
		{"\xEF\xBB\xBFDelivered-To: a@b.example\r\nReturn-Path: <x@y.example>\r\n\r\nbody", true},
		{"Subject: pay now\nhello, your parcel is waiting at https://x.top", false},
		{"Subject: Your parcel is on hold\nhttps://dhl-parcel-fee.top/pay\n", false},
		{"Subject: Meeting\nDate: Monday\n\nsee you", false},
		{"\n\r\nFrom: a@b.example\nSubject: pasted with a blank line first\n\nbody", true},
		{"Subject: one field only\n\nbody", false},
		{"Hi: there\nName: Bob\n\nnot mail headers", false},
		{"Your AliExpress parcel is held at customs: pay 1.99 USD", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := Looks([]byte(tt.in)); got != tt.want {
			t.Errorf("Looks(%q) = %v", tt.in, got)
		}
	}
	if !Looks([]byte("From: a@b.example\nX-Junk: " + strings.Repeat("A", 1<<20) + "\n\nbody")) {
		t.Error("a header line longer than what Looks reads hides the message")
	}
	for in, want := range map[string]bool{
		"From MAILER-DAEMON Thu Jan  1 00:00:00 2026\nFrom: a@b.example\nSubject: x\n\nbody": true,
		"From a@b.example Mon Nov 16 10:00:00 +0000 2026\nthis first message is broken\n":    true,
		"From: a@b.example\nSubject: x\n\n":                                                  false,
		"From the desk of Mr. Richard, 2026\nDear friend":                                    false,
	} {
		if IsMbox([]byte(in)) != want {
			t.Errorf("IsMbox(%q) = %v", in, !want)
		}
	}
}

// hiddenAttrs reports whether the attributes alone hide an element.
func hiddenAttrs(at *attrs) bool {
	v := visibilityOf(at)
	return v.hard || v.set != 0
}

func TestHiddenStyles(t *testing.T) {
	tests := []struct {
		style  string
		hidden bool
	}{
		{"display:none", true}, {"DISPLAY: NONE !important", true}, {"visibility:hidden", true},
		{"font-size:0px;color:#fff", true}, {"font-size: 0", true}, {"font-size:0.9em", false},
		{"opacity:0", true}, {"opacity:0.5", false}, {"max-height:0;overflow:hidden", true},
		{"height:0px; overflow: hidden", true}, {"line-height:0;", false}, {"max-height:0", false},
		{"color:red", false},
	}
	for _, tt := range tests {
		if got := hiddenAttrs(&attrs{style: tt.style}); got != tt.hidden {
			t.Errorf("%q hidden = %v", tt.style, got)
		}
	}
}

func TestHTMLText(t *testing.T) {
	tests := []struct{ html, text string }{
		{"<p>Hello <b>dear</b> customer,</p><p>pay&nbsp;now</p>", "Hello dear customer,\npay now"},
		{"<table><tr><td>Order</td><td>8812</td></tr></table>", "Order 8812"},
		{"<p hidden>secret</p><p>seen", "seen"},
		{"<p style=display:none>one<p>two", "two"}, // an unclosed hidden <p> ends at the next <p>
		{"<div style='display:none'><span>x</span></div>after", "after"},
		{"<noscript>n</noscript><style>.a{}</style><!-- c -->ok", "ok"},
		{"a<br>b<br/>c", "a\nb\nc"},
		// MJML-style columns: font-size:0 on the wrapper, a real size inside.
		{`<div style="font-size:0px"><div style="font-size:16px">Your account is suspended</div></div>`, "Your account is suspended"},
		{`<div style="font-size:0px"><span>filler</span></div>shown`, "shown"},
		{`<div style="visibility:hidden"><p style="visibility:visible">seen</p>not</div>`, "seen"},
		// display:none cannot be undone below.
		{`<div style="display:none"><p style="font-size:14px;display:block">never</p></div>ok`, "ok"},
		// A block closes an open hidden <p>; an unclosed <head> hides nothing.
		{`<p style="display:none">x<div>lure</div>`, "lure"},
		{`<html><head><meta charset="utf-8"><body><p>Your account has been suspended`, "Your account has been suspended"},
	}
	for _, tt := range tests {
		m := &Message{}
		var b strings.Builder
		m.readHTML(tt.html, &b)
		if got := strings.TrimSpace(b.String()); got != tt.text {
			t.Errorf("%q -> %q, want %q", tt.html, got, tt.text)
		}
	}
}

// TestHostile checks inputs built to hurt a parser: each gives a message
// (or, without any header, an error), quickly, with the defect noted.
func TestHostile(t *testing.T) {
	deep := func(n int) []byte {
		var b bytes.Buffer
		b.WriteString("From: a@b.example\nSubject: deep\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b0\"\n\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "--b%d\nContent-Type: multipart/mixed; boundary=\"b%d\"\n\n", i, i+1)
		}
		fmt.Fprintf(&b, "--b%d\nContent-Type: text/plain\n\ninnermost\n", n)
		for i := n; i >= 0; i-- {
			fmt.Fprintf(&b, "--b%d--\n", i)
		}
		return b.Bytes()
	}
	manyParts := func(n int) []byte {
		var b bytes.Buffer
		b.WriteString("From: a@b.example\nSubject: many\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"x\"\n\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "--x\nContent-Type: text/plain\n\npart %d\n", i)
		}
		b.WriteString("--x--\n")
		return b.Bytes()
	}
	tests := []struct {
		name    string
		raw     []byte
		err     bool
		problem string
	}{
		{"1000 levels of nesting", deep(1000), false, "nested more than"},
		{"100,000 parts", manyParts(100000), false, "more than 500 MIME parts"},
		{"1 MB header line", []byte("From: a@b.example\nX-Junk: " + strings.Repeat("A", 1<<20) + "\nSubject: x\n\nbody"), false, "over the 262144-byte limit"},
		{"400 KB of folded header", []byte("From: a@b.example\nSubject: x\nX-Junk: a\n" + strings.Repeat(" b\n", 140000) + "\nbody"), false, "over the 262144-byte limit"},
		{"1 MB of junk before any field", []byte(strings.Repeat("A", 1<<20) + "\n\nbody"), true, ""},
		{"padding pushes From past the limit", []byte(strings.Repeat("X-Trace: "+strings.Repeat("t", 990)+"\n", 300) + "From: PayPal <x@evil.example>\nContent-Type: text/html\n\n<p>verify</p>"), false, "over the 262144-byte limit"},
		{"NUL bytes", []byte("From: a@b.example\nSubject: x\x00y\n\nbo\x00dy \x00\x00"), false, ""},
		{"no empty line", []byte("From: a@b.example\nSubject: only headers"), false, ""},
		{"binary garbage", bytes.Repeat([]byte{0xff, 0xfe, 0x00, 0x01}, 1000), true, ""},
		{"boundary missing", []byte("From: a@b.example\nContent-Type: multipart/mixed\n\n--x\n\nhi"), false, "without a boundary"},
		{"bad header line", []byte("From: a@b.example\nthis is not a header\nSubject: x\n\nbody"), false, ""},
		{"unclosed HTML", []byte("From: a@b.example\nContent-Type: text/html\n\n" + strings.Repeat("<div><a href='http://x.example/'>", 50000)), false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			m, err := Parse(tt.raw)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			if (err != nil) != tt.err {
				t.Fatalf("err %v, want error %v", err, tt.err)
			}
			if err != nil {
				return
			}
			if tt.problem != "" && !strings.Contains(strings.Join(m.Problems, "|"), tt.problem) {
				t.Errorf("problems %q lack %q", m.Problems, tt.problem)
			}
			if len(m.Links) > MaxLinks {
				t.Errorf("%d links kept", len(m.Links))
			}
			if tt.name == "padding pushes From past the limit" && (m.From == nil || m.From.Addr != "x@evil.example" || strings.Contains(m.Text, "<p>")) {
				t.Errorf("from %+v, text %q", m.From, m.Text)
			}
		})
	}
}

func TestLinkTargets(t *testing.T) {
	tests := []struct{ html, href, text string }{
		// Tags inside the shown address do not split it.
		{`<a href="http://verify.top/x"><b>paypal</b>.com/signin</a>`, "http://verify.top/x", "paypal.com/signin"},
		{`<a href="http://verify.top/x">www.paypal<wbr>.com</a>`, "http://verify.top/x", "www.paypal.com"},
		{`<a href="http://verify.top/x"><span>Sign</span> <span>in</span></a>`, "http://verify.top/x", "Sign in"},
		// <base href> resolves relative links ("baseStriker").
		{`<head><base href="http://paypa1-secure-login.top/"></head><a href="signin/verify">https://www.paypal.com/signin</a>`,
			"http://paypa1-secure-login.top/signin/verify", "https://www.paypal.com/signin"},
	}
	for _, tt := range tests {
		m := &Message{}
		var b strings.Builder
		m.readHTML(tt.html, &b)
		if len(m.Links) != 1 || m.Links[0].Href != tt.href || m.Links[0].Text != tt.text {
			t.Errorf("%s: %+v", tt.html, m.Links)
		}
	}
}

func TestPartsTheReaderSees(t *testing.T) {
	tests := []struct {
		name, raw string
		want      []string
		not       []string
	}{
		{"alternative keeps the HTML only",
			"From: a@b.example\nSubject: s\nContent-Type: multipart/alternative; boundary=x\n\n--x\nContent-Type: text/plain\n\nplain twin\n--x\nContent-Type: text/html\n\n<p>html twin</p>\n--x--\n",
			[]string{"html twin"}, []string{"plain twin"}},
		{"mixed shows every inline part",
			"From: a@b.example\nSubject: s\nContent-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: text/plain\n\nPay the fee at http://fee.top/pay\n--x\nContent-Type: text/html\n\n<p>Kind regards</p>\n--x--\n",
			[]string{"Pay the fee at http://fee.top/pay", "Kind regards"}, nil},
		{"attached forwarded message",
			"From: me@b.example\nSubject: Fwd: look at this\nContent-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: text/plain\n\nIs this real?\n--x\nContent-Type: message/rfc822\nContent-Disposition: attachment; filename=\"phish.eml\"\n\nFrom: PayPal <x@evil.example>\nThis header line is broken\nSubject: Account limited\n\nVerify at http://paypa1.top/login\n--x--\n",
			[]string{"Is this real?", "Verify at http://paypa1.top/login"}, nil},
	}
	for _, tt := range tests {
		m, err := Parse([]byte(tt.raw))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		for _, w := range tt.want {
			if !strings.Contains(m.Text, w) {
				t.Errorf("%s: text lacks %q: %q", tt.name, w, m.Text)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(m.Text, n) {
				t.Errorf("%s: text has %q: %q", tt.name, n, m.Text)
			}
		}
	}
}

func TestDeepNestingStillReadsOuterText(t *testing.T) {
	raw := "From: a@b.example\nSubject: s\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"o\"\n\n--o\nContent-Type: text/plain\n\nouter text\n--o--\n"
	m, err := Parse([]byte(raw))
	if err != nil || !strings.Contains(m.Text, "outer text") {
		t.Fatalf("%v %q", err, m.Text)
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.eml")
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("From: a@b.example\nContent-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: text/html\n\n<a href=http://a.example>b</a>\n--x--"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		_ = Looks(raw)
		m, err := Parse(raw)
		if err != nil {
			if m != nil {
				t.Fatal("message and error")
			}
			return
		}
		if len(m.Links) > MaxLinks || len(m.Problems) > 20 || len(m.Attachments) > 100 {
			t.Fatalf("limits: %d links %d problems %d attachments", len(m.Links), len(m.Problems), len(m.Attachments))
		}
		if !utf8Valid(m.Text) {
			t.Fatal("text is not valid UTF-8")
		}
	})
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }
