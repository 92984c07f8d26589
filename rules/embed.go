// Package rules holds scamcheck's built-in detection knowledge as YAML data:
// phrase rules per layer, signal weights and the verdict settings. The files
// are embedded in the binary; package pkg/rules loads and validates them.
package rules

import "embed"

// FS holds the built-in rule files (*.yaml).
//
//go:embed *.yaml
var FS embed.FS

// BrandsFS holds the protected brands and the allowlist (brands/*.yaml).
//
//go:embed brands
var BrandsFS embed.FS
