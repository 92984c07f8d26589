// Package urlgen writes realistic URL lists for benchmarks of
// `scamcheck urls`: official AliExpress links, popular sites, lookalikes of
// AliExpress, couriers and PayPal, random small-business and newly
// registered domains, shorteners, IP hosts, userinfo tricks, comments,
// blank lines and junk. The output depends only on the seed.
package urlgen

import (
	"bufio"
	"io"
	"math/rand/v2"
	"strconv"
)

var (
	official = []string{
		"https://www.aliexpress.com/item/1005006%d.html", "https://aliexpress.com/store/%d",
		"https://m.aliexpress.com/item/%d.html?spm=a2g0o", "https://es.aliexpress.com/item/%d.html",
		"https://aliexpress.ru/item/%d.html", "https://login.aliexpress.com/",
		"https://www.paypal.com/signin", "https://www.dhl.com/en/tracking.html?id=%d",
	}
	popular = []string{
		"google.com", "www.youtube.com", "facebook.com", "en.wikipedia.org", "github.com",
		"www.amazon.com", "twitter.com", "www.instagram.com", "news.ycombinator.com", "www.bbc.co.uk",
		"stackoverflow.com", "www.reddit.com", "docs.python.org", "www.nytimes.com", "mail.yahoo.co.jp",
		"www.mercadolibre.com.ar", "www.ebay.de", "vk.com", "www.lemonde.fr", "globo.com",
	}
	paths = []string{"", "/", "/index.html", "/search?q=shoes", "/a/b/c", "/news/2025/06/story-%d",
		"/user/%d", "/watch?v=dQw4w9WgXcQ", "/wiki/Special:Random", "/products/%d?ref=home"}
	lookalikes = []string{
		"aliexpres.com", "aliexprass.com", "allexpress.com", "aliexpress-delivery.top", "aliexpress.com.verify-account.xyz",
		"xn--aliexpres-7bb.com", "ali-express.shop", "aliexpress-refund.com", "paypa1.com", "paypal-secure-login.top",
		"dhl-parcel.top", "dhl-express-delivery.info", "correos-aduana.com", "aliexpresss.net", "alixpress.com",
	}
	lookPaths = []string{"/login", "/pay", "/track?id=%d", "/account/verify", "/", ""}
	words     = []string{"shop", "best", "deal", "cheap", "my", "bakery", "garden", "auto", "photo", "travel",
		"news", "tech", "home", "kids", "style", "green", "blue", "sun", "city", "lab", "store", "cloud",
		"fix", "fresh", "local", "pro", "smart", "go", "net", "hub", "zone", "world", "daily", "easy"}
	tlds     = []string{"com", "net", "org", "de", "fr", "co.uk", "com.br", "ru", "io", "top", "xyz", "shop", "info", "es", "it"}
	shorts   = []string{"bit.ly", "tinyurl.com", "t.co", "cutt.ly", "is.gd"}
	junkOnes = []string{"not a url", "hello world", "!!!", "foo", "12345", "user@example.com",
		"http://", "café au lait", "ftp:/broken", "<<<>>>", "a.b", "....", "javascript:alert(1)"}
)

// Write writes n lines to w, generated from seed.
func Write(w io.Writer, n int, seed uint64) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var b []byte
	for i := range n {
		b = Line(b[:0], r, i)
		b = append(b, '\n')
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// Line appends line i of a list to b.
func Line(b []byte, r *rand.Rand, i int) []byte {
	num := func(b []byte) []byte { return strconv.AppendInt(b, int64(r.IntN(1_000_000_000)), 10) }
	fill := func(b []byte, tmpl string) []byte {
		for j := 0; j < len(tmpl); j++ {
			if tmpl[j] == '%' && j+1 < len(tmpl) && tmpl[j+1] == 'd' {
				b = num(b)
				j++
				continue
			}
			b = append(b, tmpl[j])
		}
		return b
	}
	switch p := r.IntN(1000); {
	case p < 200: // official links
		return fill(b, official[r.IntN(len(official))])
	case p < 450: // popular sites
		if r.IntN(2) == 0 {
			b = append(b, "https://"...)
		}
		b = append(b, popular[r.IntN(len(popular))]...)
		return fill(b, paths[r.IntN(len(paths))])
	case p < 750: // small sites, many distinct domains
		if r.IntN(3) > 0 {
			b = append(b, "https://"...)
		}
		if r.IntN(4) == 0 {
			b = append(b, "www."...)
		}
		b = append(b, words[r.IntN(len(words))]...)
		if r.IntN(2) == 0 {
			b = append(b, '-')
		}
		b = append(b, words[r.IntN(len(words))]...)
		if r.IntN(3) == 0 {
			b = strconv.AppendInt(b, int64(r.IntN(500)), 10)
		}
		b = append(b, '.')
		b = append(b, tlds[r.IntN(len(tlds))]...)
		return fill(b, paths[r.IntN(len(paths))])
	case p < 850: // lookalikes
		if r.IntN(4) > 0 {
			b = append(b, "http://"...)
		}
		b = append(b, lookalikes[r.IntN(len(lookalikes))]...)
		return fill(b, lookPaths[r.IntN(len(lookPaths))])
	case p < 890: // shorteners
		b = append(b, "https://"...)
		b = append(b, shorts[r.IntN(len(shorts))]...)
		b = append(b, '/')
		return num(b)
	case p < 930: // IP hosts and userinfo tricks
		if r.IntN(2) == 0 {
			b = append(b, "http://aliexpress.com@"...)
		} else {
			b = append(b, "http://"...)
		}
		for k := range 4 {
			if k > 0 {
				b = append(b, '.')
			}
			b = strconv.AppendInt(b, int64(1+r.IntN(254)), 10)
		}
		if r.IntN(2) == 0 {
			b = append(b, ":8080"...)
		}
		return append(b, "/login.php"...)
	case p < 945: // defanged
		b = append(b, "hxxps://"...)
		b = append(b, words[r.IntN(len(words))]...)
		b = append(b, "-pay[.]top/"...)
		return num(b)
	case p < 960: // comments and blank lines
		if r.IntN(2) == 0 {
			return append(b, "# reported today"...)
		}
		return b
	default: // junk
		return append(b, junkOnes[r.IntN(len(junkOnes))]...)
	}
}
