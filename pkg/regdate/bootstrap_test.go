package regdate

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A registry in IANA's format (RFC 9224) with two services.
const testRegistry = `{
  "description": "RDAP bootstrap file for Domain Name System registrations",
  "publication": "2026-11-01T00:00:00Z",
  "version": "1.0",
  "services": [
    [["com", "net"], ["https://rdap.example-registry.test/com/v1/"]],
    [["top"], ["https://rdap.example-top.test/"]]
  ]
}`

// TestUpdateBootstrap serves a registry from a local server, stores it
// with UpdateBootstrap and checks that LoadBootstrap prefers the stored
// copy to the embedded snapshot; a broken answer must leave it in place.
func TestUpdateBootstrap(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/dns.json":
			_, _ = w.Write([]byte(testRegistry))
		case "/broken.json":
			_, _ = w.Write([]byte(`{"services": [`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	ctx := context.Background()
	b, err := UpdateBootstrap(ctx, srv.Client(), srv.URL+"/dns.json", dir)
	if err != nil {
		t.Fatal(err)
	}
	if b.Len() != 3 || b.Publication != "2026-11-01T00:00:00Z" {
		t.Fatalf("downloaded registry: %d TLDs, publication %q", b.Len(), b.Publication)
	}
	loaded := LoadBootstrap(dir)
	if !strings.HasSuffix(loaded.Source, bootstrapFileName) {
		t.Fatalf("LoadBootstrap used %q, want the stored copy", loaded.Source)
	}
	if got := loaded.Base("shop.example.top"); got != "https://rdap.example-top.test/" {
		t.Errorf("Base(shop.example.top) = %q", got)
	}
	for _, path := range []string{"/broken.json", "/missing.json"} {
		if _, err := UpdateBootstrap(ctx, srv.Client(), srv.URL+path, dir); err == nil {
			t.Errorf("%s: want an error", path)
		}
	}
	if again := LoadBootstrap(dir); again.Len() != 3 {
		t.Errorf("a failed update replaced the stored copy: %d TLDs", again.Len())
	}
	if e := LoadBootstrap(t.TempDir()); e.Source != "embedded" {
		t.Errorf("empty folder: source %q, want embedded", e.Source)
	}
}

// TestEmbeddedBootstrap checks the embedded copy of IANA's registry (see
// bootstrap/README.md): the whole registry, not a sample.
func TestEmbeddedBootstrap(t *testing.T) {
	b := Embedded()
	if b.Source != "embedded" || b.Publication != "2026-06-26T18:00:02Z" {
		t.Fatalf("source %q, publication %q", b.Source, b.Publication)
	}
	if b.Len() < 1000 {
		t.Fatalf("%d TLDs: not the whole registry", b.Len())
	}
	for domain, want := range map[string]string{
		"google.com":       "https://rdap.verisign.com/com/v1/",
		"he.net":           "https://rdap.verisign.com/net/v1/",
		"github.org":       "https://rdap.publicinterestregistry.org/rdap/",
		"google.xyz":       "https://rdap.centralnic.com/xyz/",
		"google.top":       "https://rdap.zdnsgtld.com/top/",
		"example.shop":     "https://rdap.gmoregistry.net/rdap/",
		"github.info":      "https://rdap.identitydigital.services/rdap/",
		"example.cz":       "https://rdap.nic.cz/",
		"ovh.fr":           "https://rdap.nic.fr/",
		"unip.br":          "https://rdap.registro.br/",
		"www.google.co.uk": "https://rdap.nominet.uk/uk/",
		"example.kg":       "http://rdap.cctld.kg/", // the only URL IANA lists
		// No RDAP server in IANA's registry: WHOIS only.
		"google.es": "",
		"google.de": "",
		"yandex.ru": "",
	} {
		if got := b.Base(domain); got != want {
			t.Errorf("Base(%s) = %q, want %q", domain, got, want)
		}
	}
}
