package mailsig_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/scamcheck/scamcheck/pkg/detect/lookalike"
	"github.com/scamcheck/scamcheck/pkg/detect/mailsig"
	"github.com/scamcheck/scamcheck/pkg/email"
	"github.com/scamcheck/scamcheck/pkg/rules"
	"github.com/scamcheck/scamcheck/pkg/scan"
)

func detector(t *testing.T) *mailsig.Detector {
	t.Helper()
	set, err := rules.Load(rules.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	cat, err := lookalike.Default()
	if err != nil {
		t.Fatal(err)
	}
	return mailsig.New(set, lookalike.NewMatcher(cat))
}

// TestSignals runs the detector on small messages. Each case names the
// rules that must fire and rules that must not (the everyday variant of
// the same trick).
func TestSignals(t *testing.T) {
	d := detector(t)
	tests := []struct {
		name      string
		raw       string
		want, not []string
	}{
		{name: "homoglyph brand name", want: []string{"email.display-name-brand"},
			raw: "From: \"Аliеxpress Sеrvice\" <help@orders-desk.example>\nSubject: x\n\nx"},
		{name: "brand glued in a name", want: []string{"email.display-name-brand"},
			raw: "From: AliExpressOfficial <a@gmail.com>\nSubject: x\n\nx"},
		{name: "brand on its country site", not: []string{"email.display-name-brand"},
			raw: "From: AliExpress <no-reply@mail.aliexpress.ru>\nSubject: x\n\nx"},
		{name: "person named like a word", not: []string{"email.display-name-brand"},
			raw: "From: Paula Pal <paula@example.org>\nSubject: x\n\nx"},
		{name: "list reply-to", not: []string{"email.reply-to-mismatch", "email.return-path-freemail"},
			raw: "Return-Path: <bounce@returns.groups.yahoo.com>\nFrom: Bob <bob@work.example>\nReply-To: forum@yahoogroups.com\nMailing-List: list forum@yahoogroups.com\nSubject: x\n\nx"},
		{name: "two gmail mailboxes", want: []string{"email.reply-to-mismatch"},
			raw: "From: Mr A <a.lawyer@gmail.com>\nReply-To: a.lawyer.office@gmail.com\nSubject: x\n\nx"},
		{name: "same mailbox", not: []string{"email.reply-to-mismatch"},
			raw: "From: Mr A <a.lawyer@gmail.com>\nReply-To: \"A\" <A.Lawyer@gmail.com>\nSubject: x\n\nx"},
		{name: "brand sites", not: []string{"email.reply-to-mismatch"},
			raw: "From: AliExpress <news@aliexpress.com>\nReply-To: help@aliexpress.ru\nSubject: x\n\nx"},
		{name: "free mail service host is no mailbox", not: []string{"email.reply-to-freemail"},
			raw: "From: Shop <news@shop.example>\nReply-To: x@reply.mail.yahoo.com\nSubject: x\n\nx"},
		{name: "dmarc fail in top header only",
			want: []string{"email.dmarc-fail"}, not: []string{"email.spf-fail"},
			raw: "Authentication-Results: mx.receiver.example; spf=pass smtp.mailfrom=bank.example; dmarc=fail header.from=bank.example\nAuthentication-Results: mx.receiver.example; spf=fail smtp.mailfrom=other.example\nFrom: Bank <info@bank.example>\nSubject: x\n\nx"},
		{name: "forged lower header ignored", not: []string{"email.dmarc-fail"},
			raw: "Authentication-Results: mx.receiver.example; dmarc=pass header.from=bank.example\nReceived: from a by b\nAuthentication-Results: attacker.example; dmarc=fail header.from=bank.example\nFrom: Bank <info@bank.example>\nSubject: x\n\nx"},
		{name: "spf fail for another domain", not: []string{"email.spf-fail"},
			raw: "Authentication-Results: mx.receiver.example; spf=fail smtp.mailfrom=forwarder.example\nFrom: Bank <info@bank.example>\nSubject: x\n\nx"},
		{name: "trusted ARC results", want: []string{"email.dmarc-fail"},
			raw: "ARC-Authentication-Results: i=1; mx.google.com; dmarc=fail header.from=bank.example\nFrom: Bank <info@bank.example>\nSubject: x\n\nx"},
		{name: "untrusted ARC results", not: []string{"email.dmarc-fail"},
			raw: "ARC-Authentication-Results: i=1; relay.attacker.example; dmarc=fail header.from=bank.example\nFrom: Bank <info@bank.example>\nSubject: x\n\nx"},
		{name: "no results is no evidence", not: []string{"email.dmarc-fail", "email.spf-fail", "email.dkim-fail"},
			raw: "From: Bank <info@bank.example>\nSubject: x\n\nx"},
		{name: "anchor shows brand domain", want: []string{"email.link-text-brand"}, not: []string{"email.link-text-mismatch"},
			raw: "From: x <x@y.example>\nSubject: x\nContent-Type: text/html\n\n<a href=\"http://paypa1-secure.top/\">https://www.paypal.com/signin</a>"},
		{name: "tracker redirect", not: []string{"email.link-text-brand", "email.link-text-mismatch"},
			raw: "From: x <x@y.example>\nSubject: x\nContent-Type: text/html\n\n<a href=\"https://shop.us5.list-manage.com/track/click?u=1\">www.shop-example.com</a>"},
		{name: "words as anchor text", not: []string{"email.link-text-mismatch"},
			raw: "From: x <x@y.example>\nSubject: x\nContent-Type: text/html\n\n<a href=\"https://elsewhere.example/\">Read more on our blog</a>"},
		{name: "IP target", want: []string{"email.link-text-mismatch"},
			raw: "From: x <x@y.example>\nSubject: x\nContent-Type: text/html\n\n<a href=\"http://203.0.113.9/login\">www.mybank.com</a>"},
		{name: "spaces hide the extension", want: []string{"email.attachment-double-extension"},
			raw: "From: x <x@y.example>\nSubject: x\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"scan           .scr\"\n\nAA\n--b--\n"},
		{name: "plain pdf", not: []string{"email.attachment-double-extension", "email.attachment-executable"},
			raw: "From: x <x@y.example>\nSubject: x\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=\"report.v2.pdf\"\n\nAA\n--b--\n"},
		{name: "comma for a dot", want: []string{"email.sender-invalid"},
			raw: "From: Temu <skimmhq@theskimm,com>\nSubject: x\n\nx"},
		{name: "valid sender", not: []string{"email.sender-invalid"},
			raw: "From: Shop <news@mail.shop.co.uk>\nSubject: x\n\nx"},
		{name: "self-addressed", want: []string{"email.from-is-recipient"},
			raw: "From: <Ana@Example.com>\nTo: ana@example.com\nSubject: x\n\nx"},
		{name: "address in the name", want: []string{"email.display-name-address"},
			raw: "From: \"Streaming@Netflix.de\" <service@stayfriends.example.de>\nSubject: x\n\nx"},
		{name: "own address in the name", not: []string{"email.display-name-address"},
			raw: "From: \"news@shop-example.com\" <news@shop-example.com>\nSubject: x\n\nx"},
		{name: "sharing notice of a known site", not: []string{"email.display-name-address"},
			raw: "From: \"bruno@example.org (via Google Docs)\" <comments-noreply@docs.google.com>\nSubject: x\n\nx"},
		{name: "math letters in the subject", want: []string{"email.obfuscated-header"},
			raw: "From: x <x@y.example>\nSubject: all your 𝐩𝐡𝐨𝐭𝐨𝐬 will be deleted\n\nx"},
		{name: "dotted word in the name", want: []string{"email.obfuscated-header"},
			raw: "From: P.A.Y.M.E.N.T-D.E.C.L.I.N.E.D <x@y.example>\nSubject: x\n\nx"},
		{name: "invisible characters inside a word", want: []string{"email.obfuscated-header"},
			raw: "From: \"I\u00adRS Tax Office\" <x@y.example>\nSubject: x\n\nx"},
		{name: "initialism and emoji", not: []string{"email.obfuscated-header"},
			raw: "From: U.S.A. Travel <x@y.example>\nSubject: 👨\u200d💻 Your trip to the U.K. \u2708\ufe0f is booked, e.g. Sat.\n\nx"},
		{name: "a List-Id does not excuse a brand's failed DMARC", want: []string{"email.dmarc-fail"},
			raw: "Authentication-Results: mx.receiver.example; dmarc=fail header.from=paypal.com\nList-Id: <news.paypal.com>\nFrom: PayPal <service@paypal.com>\nSubject: x\n\nx"},
		{name: "SPF fail after a DMARC pass (forwarding)", not: []string{"email.spf-fail", "email.dkim-fail"},
			raw: "Authentication-Results: mx.receiver.example; spf=fail smtp.mailfrom=bank.example; dkim=fail header.d=bank.example; dkim=pass header.d=bank.example; dmarc=pass header.from=bank.example\nFrom: Bank <info@bank.example>\nSubject: x\n\nx"},
		{name: "no credit for a Microsoft tenant", not: []string{"email.official-sender"},
			raw: "From: IT Helpdesk <helpdesk@contoso4412.onmicrosoft.com>\nSubject: Mailbox full\n\nIncrease your quota at https://forms.office.com/r/abc"},
		{name: "no credit for links to Google Forms", not: []string{"email.official-sender"},
			raw: "From: Google <forms-receipts-noreply@google.com>\nSubject: Verify\n\nVerify your account at https://docs.google.com/forms/d/e/abc/viewform"},
		{name: "Safe Links wrapping the real site", not: []string{"email.link-text-brand", "email.link-text-mismatch"},
			raw: "From: Amazon <ship-confirm@amazon.com>\nSubject: x\nContent-Type: text/html\n\n<a href=\"https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.amazon.com%2Forders&data=1\">www.amazon.com/orders</a>"},
		{name: "Safe Links wrapping a phish", want: []string{"email.link-text-brand"},
			raw: "From: Amazon <x@y.example>\nSubject: x\nContent-Type: text/html\n\n<a href=\"https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Famazon-orders.top%2Flogin&data=1\">www.amazon.com/orders</a>"},
		{name: "Persian text with ZWNJ", not: []string{"email.obfuscated-header"},
			raw: "From: x <x@y.example>\nSubject: =?UTF-8?B?2K/Ysdiu2YjYp9iz2KrigIzZh9in24wg2LTZhdin?=\n\nx"},
		{name: "leet and I for l", want: []string{"email.display-name-brand"},
			raw: "From: \"PayPaI Service\" <x@y.example>\nSubject: x\n\nx"},
		{name: "digits for letters", want: []string{"email.display-name-brand"},
			raw: "From: \"N3tflix Billing\" <x@y.example>\nSubject: x\n\nx"},
		{name: "a platform sending for a brand's group", not: []string{"email.display-name-brand"},
			raw: "From: \"Google Developers via Meetup\" <info@email.meetup.com>\nSubject: x\n\nx"},
		{name: "via a platform that is not the sender", want: []string{"email.display-name-brand"},
			raw: "From: \"PayPal via Secure Center\" <x@y.example>\nSubject: x\n\nx"},
		{name: "preheader", not: []string{"email.hidden-text"},
			raw: "From: x <x@y.example>\nSubject: x\nContent-Type: text/html\n\n<div style=\"display:none\">" + strings.Repeat("&zwnj;&nbsp;", 200) + "Sale today</div><p>Sale today on coats.</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, err := email.Parse([]byte(tt.raw))
			if err != nil {
				t.Fatal(err)
			}
			fs, err := d.Detect(context.Background(), scan.PrepareEmail("t", msg))
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, f := range fs {
				ids = append(ids, f.ID)
				if f.Evidence == "" {
					t.Errorf("%s without evidence", f.ID)
				}
			}
			for _, w := range tt.want {
				if !slices.Contains(ids, w) {
					t.Errorf("%s did not fire (fired %v)", w, ids)
				}
			}
			for _, n := range tt.not {
				if slices.Contains(ids, n) {
					t.Errorf("%s fired (fired %v)", n, ids)
				}
			}
		})
	}
}

func TestTextDocumentHasNoEmailFindings(t *testing.T) {
	d := detector(t)
	fs, err := d.Detect(context.Background(), scan.Prepare("t", "text", "From: AliExpress <x@gmail.com> pay now"))
	if err != nil || len(fs) != 0 {
		t.Fatalf("%v %v", fs, err)
	}
}

func TestStrongerSignalWins(t *testing.T) {
	d := detector(t)
	msg, err := email.Parse([]byte("From: x <x@y.example>\nReply-To: z@gmail.com\nSubject: x\nContent-Type: text/html\n\n<form action=\"https://a.example/p\"><input type=password name=pw></form>"))
	if err != nil {
		t.Fatal(err)
	}
	fs, _ := d.Detect(context.Background(), scan.PrepareEmail("t", msg))
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.ID)
	}
	if !slices.Contains(ids, "email.form-credentials") || slices.Contains(ids, "email.form") ||
		!slices.Contains(ids, "email.reply-to-freemail") || slices.Contains(ids, "email.reply-to-mismatch") {
		t.Errorf("fired %v", ids)
	}
}
