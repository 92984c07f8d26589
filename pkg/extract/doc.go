// Package extract finds URLs, bare domains and evidence entities (amounts
// of money, crypto wallets, phone numbers, messenger handles) in free text
// such as an SMS, an e-mail or a chat message.
//
// URLs are found by a hand-written scanner rather than mvdan.cc/xurls. The
// scanner walks the text once, stops only at "anchors" (a dot, a full-width
// or ideographic dot, a defanged dot such as "[.]" or "(dot)", or a scheme
// separator "://", "[:]//", "[://]"), expands the host around the anchor,
// refangs it, and accepts a bare name only when its last label is a real TLD
// of the public suffix list (golang.org/x/net/publicsuffix) and it has a
// registrable domain. xurls cannot read defanged text (hxxps://, evil[.]top)
// that scam reports are full of, and it is much slower: on the 1 MB
// mixed-language benchmark text xurls.Relaxed ran at 0.8 MB/s
// (xurls.Strict 1.2 MB/s) and handled about 4,500 SMS-sized texts per second,
// against 100-150 MB/s and 300,000-400,000 texts per second (URLs and
// Entities together) for this scanner, which needs no regular expression, runs in
// linear time and never panics, whatever the input (invalid UTF-8 bytes are
// separators).
//
// Unicode hosts are converted to punycode with a lenient golang.org/x/net/idna
// profile that maps like a browser but rejects nothing, since a mixed-script
// host such as "аliexpress.com" (Cyrillic а) is exactly what must be
// reported. E-mail addresses are not links: the domain of an address is not
// reported as a URL.
//
// Heuristics that keep ordinary text from being taken for links, each
// bypassed by a scheme, a "www." prefix or defanging: a bare two-label name
// whose TLD is also a common file extension (md, sh, py, rs, zip, mov, ps,
// pub) and that has no path is a file name; a Title-case TLD outside a short
// list (Com, Net, Org, Ru, ...) is a sentence missing its space ("today.Click");
// a bare dotted IPv4 address needs a port or a path; a bare name joined by an
// ideographic full stop '。' with CJK labels needs a path (in CJK text that
// stop ends sentences).
package extract
