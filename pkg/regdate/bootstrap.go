package regdate

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// IANABootstrapURL is where IANA publishes the RDAP bootstrap registry for
// DNS (RFC 9224).
const IANABootstrapURL = "https://data.iana.org/rdap/dns.json"

// embeddedDNS is a snapshot of IANABootstrapURL; see bootstrap/README.md
// for its date and origin. `scamcheck update` stores a fresh copy in the
// cache folder, which is used instead when present.
//
//go:embed bootstrap/dns.json
var embeddedDNS []byte

// Bootstrap maps TLDs (and longer suffixes) to RDAP base URLs.
type Bootstrap struct {
	// Publication is the registry's publication date.
	Publication string
	// Source says where it was read from: "embedded" or a file path.
	Source string
	bases  map[string]string
}

type bootstrapFile struct {
	Description string       `json:"description"`
	Publication string       `json:"publication"`
	Version     string       `json:"version"`
	Services    [][][]string `json:"services"`
}

// ParseBootstrap reads an RDAP DNS bootstrap registry. It prefers https
// base URLs.
func ParseBootstrap(data []byte) (*Bootstrap, error) {
	var f bootstrapFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("RDAP bootstrap registry: %w", err)
	}
	b := &Bootstrap{Publication: f.Publication, bases: map[string]string{}}
	for _, s := range f.Services {
		if len(s) != 2 || len(s[1]) == 0 {
			continue
		}
		base := ""
		for _, u := range s[1] {
			if strings.HasPrefix(u, "https://") {
				base = u
				break
			}
			if base == "" && strings.HasPrefix(u, "http://") {
				base = u
			}
		}
		if base == "" {
			continue
		}
		for _, tld := range s[0] {
			b.bases[strings.ToLower(strings.TrimPrefix(tld, "."))] = base
		}
	}
	if len(b.bases) == 0 {
		return nil, errors.New("RDAP bootstrap registry: no services")
	}
	return b, nil
}

// Len returns the number of TLDs the registry covers.
func (b *Bootstrap) Len() int { return len(b.bases) }

// Base returns the RDAP base URL for domain (longest matching suffix), ""
// when the registry has none.
func (b *Bootstrap) Base(domain string) string {
	if b == nil {
		return ""
	}
	// The first suffix found walking from the left is the longest.
	for s := domain; ; {
		i := strings.IndexByte(s, '.')
		if i < 0 {
			return b.bases[s]
		}
		s = s[i+1:]
		if u, ok := b.bases[s]; ok {
			return u
		}
	}
}

// bootstrapFileName is the refreshed copy's name in the cache folder.
const bootstrapFileName = "rdap-dns.json"

// LoadBootstrap returns the refreshed copy in dir when there is a valid
// one, else the embedded snapshot.
func LoadBootstrap(dir string) *Bootstrap {
	if dir != "" {
		p := filepath.Join(dir, bootstrapFileName)
		if data, err := os.ReadFile(p); err == nil {
			if b, err := ParseBootstrap(data); err == nil {
				b.Source = p
				return b
			}
		}
	}
	b, err := ParseBootstrap(embeddedDNS)
	if err != nil {
		panic("embedded RDAP bootstrap registry: " + err.Error())
	}
	b.Source = "embedded"
	return b
}

// Embedded returns the embedded snapshot.
func Embedded() *Bootstrap { return LoadBootstrap("") }

// UpdateBootstrap downloads the registry from url (IANABootstrapURL when
// empty), checks it and stores it in dir, replacing the previous copy
// atomically.
func UpdateBootstrap(ctx context.Context, client *http.Client, url, dir string) (*Bootstrap, error) {
	if url == "" {
		url = IANABootstrapURL
	}
	if client == nil {
		client = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("download %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("download %s: %s", url, resp.Status)
	}
	data, err := readCapped(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("download %s: %w", url, err)
	}
	b, err := ParseBootstrap(data)
	if err != nil {
		return nil, err
	}
	if err := writeAtomic(filepath.Join(dir, bootstrapFileName), data); err != nil {
		return nil, err
	}
	b.Source = filepath.Join(dir, bootstrapFileName)
	return b, nil
}
