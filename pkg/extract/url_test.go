package extract

import (
	"strings"
	"testing"
)

// checkURLs verifies the invariants every result of URLs must satisfy.
func checkURLs(t testing.TB, text string, urls []URL) {
	t.Helper()
	prevEnd := 0
	for i, u := range urls {
		if u.Start < prevEnd || u.End <= u.Start || u.End > len(text) {
			t.Fatalf("URL %d %q: bad offsets [%d,%d) (previous end %d, len %d)", i, u.Raw, u.Start, u.End, prevEnd, len(text))
		}
		prevEnd = u.End
		if text[u.Start:u.End] != u.Raw {
			t.Fatalf("URL %d: Raw %q != text[%d:%d] %q", i, u.Raw, u.Start, u.End, text[u.Start:u.End])
		}
		checkURL(t, u)
	}
}

// checkURL verifies the invariants of one URL's fields.
func checkURL(t testing.TB, u URL) {
	t.Helper()
	if u.Host == "" {
		t.Fatalf("%q: empty Host", u.Raw)
	}
	for i := 0; i < len(u.Host); i++ {
		c := u.Host[i]
		if c >= 0x80 || (c >= 'A' && c <= 'Z') || c <= ' ' {
			t.Fatalf("%q: Host %q is not lower-case ASCII", u.Raw, u.Host)
		}
	}
	if u.Domain != "" {
		if u.IP {
			t.Fatalf("%q: IP host with Domain %q", u.Raw, u.Domain)
		}
		if u.Domain != u.Host && !strings.HasSuffix(u.Host, "."+u.Domain) {
			t.Fatalf("%q: Domain %q is not a suffix of Host %q", u.Raw, u.Domain, u.Host)
		}
	}
	if u.DomainUnicode == "" && u.Domain != "" {
		t.Fatalf("%q: DomainUnicode empty", u.Raw)
	}
	if u.HostUnicode == "" {
		t.Fatalf("%q: HostUnicode empty", u.Raw)
	}
	if u.Bare != (u.Scheme == "") {
		t.Fatalf("%q: Bare=%v with Scheme %q", u.Raw, u.Bare, u.Scheme)
	}
	if !strings.Contains(u.URL, "://") || !strings.HasSuffix(u.URL, u.Path) {
		t.Fatalf("%q: URL %q does not end with Path %q", u.Raw, u.URL, u.Path)
	}
	if u.Scheme != "" && !strings.HasPrefix(u.URL, u.Scheme+"://") {
		t.Fatalf("%q: URL %q does not start with Scheme %q", u.Raw, u.URL, u.Scheme)
	}
}

// raws lists "Raw => URL" for each URL.
func raws(urls []URL) []string {
	out := make([]string, len(urls))
	for i, u := range urls {
		out[i] = u.Raw + " => " + u.URL
	}
	return out
}

func TestURLsTable(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string // "Raw => URL"
	}{
		// Forms with and without scheme.
		{"scheme", "Pay at https://aliexpress-customs.top/pay?id=882 now", []string{"https://aliexpress-customs.top/pay?id=882 => https://aliexpress-customs.top/pay?id=882"}},
		{"www", "Visite www.colis-aliexpress.fr/paiement sous 48h", []string{"www.colis-aliexpress.fr/paiement => http://www.colis-aliexpress.fr/paiement"}},
		{"bare", "Oplata: aliexpress-dostavka.ru", []string{"aliexpress-dostavka.ru => http://aliexpress-dostavka.ru"}},
		{"bare path", "Pague en correos-aduana.es/pago hoy", []string{"correos-aduana.es/pago => http://correos-aduana.es/pago"}},
		{"shortener", "Claim it at bit.ly/3AliGift!", []string{"bit.ly/3AliGift => http://bit.ly/3AliGift"}},
		{"ftp", "ftp://files.example.com/a.zip", []string{"ftp://files.example.com/a.zip => ftp://files.example.com/a.zip"}},
		{"uppercase", "Go to WWW.AliExpress.COM today", []string{"WWW.AliExpress.COM => http://www.aliexpress.com"}},
		{"uppercase scheme", "HTTPS://AliExpress.com/Item/1.html", []string{"HTTPS://AliExpress.com/Item/1.html => https://aliexpress.com/Item/1.html"}},
		{"port", "x.com:8080/path?q=1#f", []string{"x.com:8080/path?q=1#f => http://x.com:8080/path?q=1#f"}},
		{"bad port", "http://x.com:99999/a", []string{"http://x.com => http://x.com"}},
		{"two", "a.com and b.org", []string{"a.com => http://a.com", "b.org => http://b.org"}},
		{"private suffix", "see user.github.io/x", []string{"user.github.io/x => http://user.github.io/x"}},
		{"trailing dot host", "https://x.com./a", []string{"https://x.com./a => https://x.com/a"}},
		{"trailing dot punct", "Go to https://x.com.? Or x.com.: yes", []string{"https://x.com => https://x.com", "x.com => http://x.com"}},
		{"trailing defanged dot", "hxxp://evil[.]top/a[.] and evil[.]top[.]", []string{"hxxp://evil[.]top/a => http://evil.top/a", "evil[.]top => http://evil.top"}},
		{"single label with scheme", "http://localhost:3000/", []string{"http://localhost:3000/ => http://localhost:3000/"}},

		// Defanged.
		{"hxxps", "hxxps://evil.top/x", []string{"hxxps://evil.top/x => https://evil.top/x"}},
		{"hXXp", "hXXp://evil.top", []string{"hXXp://evil.top => http://evil.top"}},
		{"brackets", "evil[.]top", []string{"evil[.]top => http://evil.top"}},
		{"parens", "aliexpress-remboursement(.)com et", []string{"aliexpress-remboursement(.)com => http://aliexpress-remboursement.com"}},
		{"dot word", "evil(dot)top evil[dot]top EVIL[DOT]TOP evil{.}top", []string{"evil(dot)top => http://evil.top", "evil[dot]top => http://evil.top", "EVIL[DOT]TOP => http://evil.top", "evil{.}top => http://evil.top"}},
		{"defanged sep", "hxxps[:]//correos-aliexpres[.]com/tasa.", []string{"hxxps[:]//correos-aliexpres[.]com/tasa => https://correos-aliexpres.com/tasa"}},
		{"defanged sep 2", "https[://]evil.top/a[.]php", []string{"https[://]evil.top/a[.]php => https://evil.top/a.php"}},

		// Punctuation and brackets.
		{"parenthesised", "(see https://a.com/x).", []string{"https://a.com/x => https://a.com/x"}},
		{"wikipedia", "https://en.wikipedia.org/wiki/Foo_(bar)", []string{"https://en.wikipedia.org/wiki/Foo_(bar) => https://en.wikipedia.org/wiki/Foo_(bar)"}},
		{"markdown", "[link](https://a.com/x)", []string{"https://a.com/x => https://a.com/x"}},
		{"angle", "<https://a.com/x>", []string{"https://a.com/x => https://a.com/x"}},
		{"quotes", `"https://a.com/x" 'x.com' «y.com» “z.com”`, []string{"https://a.com/x => https://a.com/x", "x.com => http://x.com", "y.com => http://y.com", "z.com => http://z.com"}},
		{"sentence end", "Visit x.com. Then y.org, z.net; w.io! Or q.com?", []string{"x.com => http://x.com", "y.org => http://y.org", "z.net => http://z.net", "w.io => http://w.io", "q.com => http://q.com"}},
		{"trailing punct path", "https://a.com/x?y=1!... https://b.com/c,", []string{"https://a.com/x?y=1 => https://a.com/x?y=1", "https://b.com/c => https://b.com/c"}},
		{"glued word", "Clickhttps://evil.top/x", []string{"https://evil.top/x => https://evil.top/x"}},
		{"protocol-relative", `<a href="//evil.top/x">`, []string{"evil.top/x => http://evil.top/x"}},
		{"ellipsis before", "Click here...aliexpress.com", []string{"aliexpress.com => http://aliexpress.com"}},

		// IDN and CJK.
		{"cyrillic a", "сайт аliexpress.com", []string{"аliexpress.com => http://xn--liexpress-zyh.com"}},
		{"chinese idn", "访问 例子.中国 吧", []string{"例子.中国 => http://xn--fsqu00a.xn--fiqs8s"}},
		{"ideographic dot with scheme", "http://例子。中国/x", []string{"http://例子。中国/x => http://xn--fsqu00a.xn--fiqs8s/x"}},
		{"fullwidth dot", "aliexpress．com", []string{"aliexpress．com => http://aliexpress.com"}},
		{"fullwidth letters", "ａｌｉｅｘｐｒｅｓｓ.com", []string{"ａｌｉｅｘｐｒｅｓｓ.com => http://aliexpress.com"}},
		{"cjk around", "访问aliexpress.com领取", []string{"aliexpress.com => http://aliexpress.com"}},
		{"cjk after path", "请访问 https://aliexpress-coupon.cn/get领取，谢谢", []string{"https://aliexpress-coupon.cn/get => https://aliexpress-coupon.cn/get"}},
		{"punycode", "http://xn--80ak6aa92e.com/", []string{"http://xn--80ak6aa92e.com/ => http://xn--80ak6aa92e.com/"}},

		// Userinfo and IPs.
		{"userinfo", "https://aliexpress.com@evil.top/", []string{"https://aliexpress.com@evil.top/ => https://aliexpress.com@evil.top/"}},
		{"ipv4", "http://192.168.0.1:8080/admin", []string{"http://192.168.0.1:8080/admin => http://192.168.0.1:8080/admin"}},
		{"ipv6", "http://[2001:DB8::1]/x", []string{"http://[2001:DB8::1]/x => http://[2001:db8::1]/x"}},
		{"decimal ip", "http://3232235777/", []string{"http://3232235777/ => http://192.168.1.1/"}},
		{"hex ip", "http://0xC0.0xA8.1.1/", []string{"http://0xC0.0xA8.1.1/ => http://192.168.1.1/"}},
		{"octal ip", "http://0300.0250.1.1/", []string{"http://0300.0250.1.1/ => http://192.168.1.1/"}},
		{"bare ip path", "go to 45.12.3.4/pay now", []string{"45.12.3.4/pay => http://45.12.3.4/pay"}},
		{"bare ip port", "10.0.0.1:8080", []string{"10.0.0.1:8080 => http://10.0.0.1:8080"}},

		// Negatives.
		{"abbrev", "e.g. i.e. U.S.A a.m. p.m. etc.", nil},
		{"files", "file.txt notes.md setup.py script.sh photo.zip clip.mov node.js main.go id_rsa.pub", nil},
		{"numbers", "version 1.2.3, pi 3.14, $1.99, 12.05.2024, v2.0, 1.2.3.4", nil},
		{"names", "Thanks Mr.Smith and Mr.Green. Done today.Click here", nil},
		{"ellipsis", "hello...world", nil},
		{"lone tld", "the .com bubble", nil},
		{"email", "write bob@shop.example.com or john.smith@x.com", nil},
		{"bare userinfo", "aliexpress.com@evil.top", nil},
		{"unknown tld", "x.local x.js x.smith localhost co.uk", nil},
		{"double dot", "a..com", nil},
		{"path like", "see /var/www/site.com and C:\\sites\\x.com and a//b.com", nil},
		{"path keeps (dot)", "https://a.com/x(dot)y", []string{"https://a.com/x(dot)y => https://a.com/x(dot)y"}},
		{"ideographic sentence", "今天我们去了北京。中国很大。", nil},
		{"underscore", "my_var.com", nil},
		{"unknown scheme single label", "foo://bar", nil},
		{"empty host", "http:// and https://", nil},
		{"bad ip", "http://1.2.3.4.5/ http://999.1.1.1/", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := URLs(tc.text)
			checkURLs(t, tc.text, got)
			g := raws(got)
			if strings.Join(g, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("URLs(%q)\n got: %q\nwant: %q", tc.text, g, tc.want)
			}
		})
	}
}

func TestURLFields(t *testing.T) {
	tests := []struct {
		text string
		want URL // Raw, Start, End, URL are not compared when empty/zero
	}{
		{"x https://aliexpress.com@evil.top/login?a=1.", URL{Raw: "https://aliexpress.com@evil.top/login?a=1", Start: 2, End: 43,
			URL: "https://aliexpress.com@evil.top/login?a=1", Scheme: "https", Host: "evil.top", HostUnicode: "evil.top", Userinfo: "aliexpress.com", Path: "/login?a=1",
			Domain: "evil.top", DomainUnicode: "evil.top"}},
		{"сайт аliexpress-dostavka.ru/oplata", URL{Host: "xn--liexpress-dostavka-qwo.ru", HostUnicode: "аliexpress-dostavka.ru",
			Domain: "xn--liexpress-dostavka-qwo.ru", DomainUnicode: "аliexpress-dostavka.ru", Path: "/oplata", Bare: true}},
		{"http://xn--aliexpres-t9h.com/login", URL{Scheme: "http", Host: "xn--aliexpres-t9h.com", HostUnicode: "aliexpresѕ.com",
			Domain: "xn--aliexpres-t9h.com", DomainUnicode: "aliexpresѕ.com", Path: "/login"}},
		{"hxxps[:]//shop.evil[.]top:8443/a", URL{Scheme: "https", Host: "shop.evil.top", HostUnicode: "shop.evil.top", Port: "8443",
			Path: "/a", Domain: "evil.top", DomainUnicode: "evil.top", Defanged: true}},
		{"http://[::1]:8080/", URL{Scheme: "http", Host: "::1", HostUnicode: "::1", Port: "8080", Path: "/", IP: true}},
		{"http://3232235777", URL{Scheme: "http", Host: "192.168.1.1", HostUnicode: "192.168.1.1", IP: true}},
		{"WWW.AliExpress.COM", URL{Raw: "WWW.AliExpress.COM", End: 18, URL: "http://www.aliexpress.com", Host: "www.aliexpress.com",
			HostUnicode: "www.aliexpress.com", Domain: "aliexpress.com", DomainUnicode: "aliexpress.com", Bare: true}},
		{"shop.example.co.uk", URL{Host: "shop.example.co.uk", HostUnicode: "shop.example.co.uk", Domain: "example.co.uk",
			DomainUnicode: "example.co.uk", Bare: true}},
		{"http://x.compute.amazonaws.com/", URL{Scheme: "http", Host: "x.compute.amazonaws.com", HostUnicode: "x.compute.amazonaws.com", Path: "/"}},
	}
	for _, tc := range tests {
		got := URLs(tc.text)
		checkURLs(t, tc.text, got)
		if len(got) != 1 {
			t.Errorf("URLs(%q) = %d URLs, want 1: %q", tc.text, len(got), raws(got))
			continue
		}
		g, w := got[0], tc.want
		if w.Raw == "" {
			w.Raw, w.Start, w.End, w.URL = g.Raw, g.Start, g.End, g.URL
		}
		if g != w {
			t.Errorf("URLs(%q)\n got: %+v\nwant: %+v", tc.text, g, w)
		}
	}
}

func TestParseOne(t *testing.T) {
	ok := []struct{ in, url, host string }{
		{"evil[.]top", "http://evil.top", "evil.top"},
		{"  https://x.com/a  ", "https://x.com/a", "x.com"},
		{"<hxxp://x.com>", "http://x.com", "x.com"},
		{`"x.com/a"`, "http://x.com/a", "x.com"},
		{"photo.zip", "http://photo.zip", "photo.zip"},
		{"Mr.Green", "http://mr.green", "mr.green"},
		{"1.2.3.4", "http://1.2.3.4", "1.2.3.4"},
		{"x.com.", "http://x.com", "x.com"},
		{"аliexpress.com", "http://xn--liexpress-zyh.com", "xn--liexpress-zyh.com"},
		{"http://localhost", "http://localhost", "localhost"},
	}
	for _, tc := range ok {
		u, err := ParseOne(tc.in)
		if err != nil {
			t.Errorf("ParseOne(%q): %v", tc.in, err)
			continue
		}
		if u.URL != tc.url || u.Host != tc.host || tc.in[u.Start:u.End] != u.Raw {
			t.Errorf("ParseOne(%q) = %+v, want URL %q host %q", tc.in, u, tc.url, tc.host)
		}
		checkURL(t, u)
	}
	for _, in := range []string{"", "hello", "bob@x.com", "x.com y.com", "file.txt", "3.14", "x.com/a b", "see x.com", ".com", "localhost"} {
		if u, err := ParseOne(in); err == nil || !strings.Contains(err.Error(), "not a URL or domain") {
			t.Errorf("ParseOne(%q) = %+v, %v; want a 'not a URL or domain' error", in, u, err)
		}
	}
}

func TestURLsNoPanicOnOddInput(t *testing.T) {
	inputs := []string{
		"\xff\xfe.com", "a.\xffcom", "http://\xff", "x[.", "x[d", "x(.", "[:]//", "[://]", "://", "http://[", "http://[::1",
		"a.b.c.d.e.f.g.h.com", strings.Repeat("a.", 200) + "com", strings.Repeat("http://", 100), strings.Repeat("x", 300) + ".com",
		"http://" + strings.Repeat("a", 70) + ".com", "。。。", "．com", "x。", "http://0x/", "http://a@b@c.com/", "\x00.com",
	}
	for _, in := range inputs {
		checkURLs(t, in, URLs(in))
		_, _ = ParseOne(in)
	}
}

func TestURLsLinearTime(t *testing.T) {
	// Inputs that would be quadratic for a naive scanner must stay fast.
	for _, in := range []string{
		strings.Repeat("a.", 1<<17),
		strings.Repeat("http://a", 1<<15),
		strings.Repeat("a@", 1<<17),
		strings.Repeat("x[.]", 1<<16),
		"http://" + strings.Repeat("a", 1<<18),
		strings.Repeat("1.", 1<<17),
		strings.Repeat("http://a.com/(", 1<<14),
		"http://a.com/" + strings.Repeat(")", 1<<18),
		"http://a.com/" + strings.Repeat("]", 1<<18),
		strings.Repeat("a-", 1<<17) + ".com",
		strings.Repeat("аб", 1<<16) + "." + strings.Repeat("中", 1<<16),
	} {
		got := URLs(in)
		checkURLs(t, in, got)
	}
}

func TestMayHaveURL(t *testing.T) {
	if URLs("hello world no links here") != nil {
		t.Error("expected nil for text without dots")
	}
	if len(URLs("evil(dot)top")) != 1 {
		t.Error("defanged (dot) without a '.' must still be found")
	}
}
