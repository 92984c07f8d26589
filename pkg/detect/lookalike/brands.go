package lookalike

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"

	rulesdata "github.com/scamcheck/scamcheck/rules"
)

// Brand is one protected brand.
type Brand struct {
	// Name is the brand as people know it: "AliExpress".
	Name string `yaml:"name"`
	// Domains are the official registrable domains; the first is the one
	// shown next to a lookalike. They and their subdomains are never flagged.
	Domains []string `yaml:"domains"`
	// Tokens are the brand's names as written in its domains, letters and
	// digits only: "aliexpress", "royalmail".
	Tokens []string `yaml:"tokens"`
	// ShortForms are abbreviations of a token ("aliexp") that count only
	// next to a combo word or a hyphen ("aliexp-shop").
	ShortForms []string `yaml:"short_forms"`
	// Word marks tokens that are everyday words: not looked for in paths.
	Word bool `yaml:"word"`
	// Exact marks tokens close to everyday words of some language
	// ("amazon": amazonas, "costco": costo): they count only as written,
	// as a label of their own or next to a combo word, like short forms;
	// misspellings and other words glued to them are not flagged.
	Exact bool `yaml:"exact"`
}

// Main returns the official domain shown next to a lookalike.
func (b *Brand) Main() string {
	if len(b.Domains) > 0 {
		return b.Domains[0]
	}
	return ""
}

// Catalog is the data the lookalike layer works from: the protected brands,
// the words scam domains glue to brand names, and the allowlist of popular
// unrelated domains.
type Catalog struct {
	Brands     []Brand
	ComboWords []string
	Allow      []string
	// Platforms are shared hosting platforms, registrable domains or
	// public suffixes ("zendesk.com", "github.io"), where anyone can open
	// a site on a subdomain: a brand name there is judged even when the
	// platform is in Allow.
	Platforms []string
	// ReviewWords make a brand name in a link's path read as an article
	// about the brand ("/aliexpress-review"), unless the path also has one
	// of ActionWords ("login", "pay").
	ReviewWords []string
	ActionWords []string
}

// brandFile is the shape of a brands/*.yaml file. A file may hold brands,
// combo words, an allowlist, or any mix of them.
type brandFile struct {
	ComboWords  []string `yaml:"combo_words"`
	Brands      []Brand  `yaml:"brands"`
	Allow       []string `yaml:"allow"`
	Platforms   []string `yaml:"platforms"`
	ReviewWords []string `yaml:"review_words"`
	ActionWords []string `yaml:"action_words"`
}

// Default returns the built-in catalog (rules/brands/*.yaml).
func Default() (*Catalog, error) {
	sub, err := fs.Sub(rulesdata.BrandsFS, "brands")
	if err != nil {
		return nil, err
	}
	c := &Catalog{}
	if err := c.AddFS(sub, "brands"); err != nil {
		return nil, err
	}
	return c, nil
}

// AddFS adds every *.yaml file of fsys to the catalog; name prefixes file
// names in errors. A brand with the name of an existing one adds its
// domains and tokens to it.
func (c *Catalog) AddFS(fsys fs.FS, name string) error {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return err
	}
	more, _ := fs.Glob(fsys, "*.yml")
	names = append(names, more...)
	sort.Strings(names)
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return err
		}
		if err := c.addYAML(data, path.Join(name, n)); err != nil {
			return err
		}
	}
	return nil
}

// AddDir adds the brands/*.yaml files of a user rules folder, when it has
// a brands subfolder.
func (c *Catalog) AddDir(fsys fs.FS, name string) error {
	st, err := fs.Stat(fsys, "brands")
	if err != nil || !st.IsDir() {
		return nil
	}
	sub, err := fs.Sub(fsys, "brands")
	if err != nil {
		return err
	}
	return c.AddFS(sub, path.Join(name, "brands"))
}

func (c *Catalog) addYAML(data []byte, file string) error {
	var bf brandFile
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&bf); err != nil && err.Error() != "EOF" {
		return fmt.Errorf("%s: %w", file, err)
	}
	for i, b := range bf.Brands {
		if strings.TrimSpace(b.Name) == "" || len(b.Domains) == 0 {
			return fmt.Errorf("%s: brand %d: needs a name and at least one official domain", file, i+1)
		}
		for j, t := range b.Tokens {
			t = strings.ToLower(strings.TrimSpace(t))
			if t == "" || strings.IndexFunc(t, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') }) >= 0 {
				return fmt.Errorf("%s: brand %s: token %q: want lowercase letters and digits only", file, b.Name, b.Tokens[j])
			}
			b.Tokens[j] = t
		}
		for j, t := range b.ShortForms {
			b.ShortForms[j] = strings.ToLower(strings.TrimSpace(t))
		}
		for j, d := range b.Domains {
			b.Domains[j] = normDomain(d)
		}
		if len(b.Tokens) == 0 {
			b.Tokens = []string{tokenOf(b.Domains[0])}
		}
		c.add(b)
	}
	c.ComboWords = append(c.ComboWords, bf.ComboWords...)
	for _, d := range bf.Allow {
		c.Allow = append(c.Allow, normDomain(d))
	}
	for _, d := range bf.Platforms {
		c.Platforms = append(c.Platforms, normDomain(d))
	}
	c.ReviewWords = append(c.ReviewWords, bf.ReviewWords...)
	c.ActionWords = append(c.ActionWords, bf.ActionWords...)
	return nil
}

// add merges b into the catalog.
func (c *Catalog) add(b Brand) {
	for i := range c.Brands {
		if strings.EqualFold(c.Brands[i].Name, b.Name) {
			c.Brands[i].Domains = append(c.Brands[i].Domains, b.Domains...)
			c.Brands[i].Tokens = append(c.Brands[i].Tokens, b.Tokens...)
			c.Brands[i].ShortForms = append(c.Brands[i].ShortForms, b.ShortForms...)
			return
		}
	}
	c.Brands = append(c.Brands, b)
}

// AddDomain protects one more brand given by its official domain, as
// `--brand example.com` does: the brand's token is the domain's name
// without its public suffix.
func (c *Catalog) AddDomain(domain string) error {
	d := normDomain(domain)
	if d == "" || !strings.Contains(d, ".") {
		return fmt.Errorf("--brand %q: want a domain such as example.com", domain)
	}
	reg, err := publicsuffix.EffectiveTLDPlusOne(d)
	if err != nil {
		return fmt.Errorf("--brand %q: %v", domain, err)
	}
	tok := tokenOf(reg)
	if tok == "" {
		return fmt.Errorf("--brand %q: the name has no letters or digits to protect", domain)
	}
	c.add(Brand{Name: reg, Domains: []string{reg}, Tokens: []string{tok}})
	return nil
}

// normDomain lower-cases d, strips a scheme, "www." and a trailing dot and
// converts it to ASCII (punycode).
func normDomain(d string) string {
	d = strings.ToLower(strings.TrimSpace(d))
	if i := strings.Index(d, "://"); i >= 0 {
		d = d[i+3:]
	}
	if i := strings.IndexAny(d, "/?#"); i >= 0 {
		d = d[:i]
	}
	d = strings.TrimSuffix(strings.TrimPrefix(d, "www."), ".")
	if a, err := idna.Lookup.ToASCII(d); err == nil {
		d = a
	}
	return d
}

// tokenOf returns the letters and digits of the name of registrable domain
// d without its public suffix: "royal-mail.co.uk" -> "royalmail".
func tokenOf(d string) string {
	suffix, _ := publicsuffix.PublicSuffix(d)
	name := strings.TrimSuffix(strings.TrimSuffix(d, suffix), ".")
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	for _, r := range name {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
