// Package lsp is the language server of "xldisk lsp": it speaks the
// Language Server Protocol 3.17 over a pair of streams (stdin and stdout)
// and shows an editor what xldisk lint, fmt and explain say about an xl
// domain config while it is being edited.
//
// It publishes every lint finding on open and on change (full-text
// synchronisation, changes debounced), each with its exact range
// converted from byte columns to the negotiated position encoding (UTF-16
// code units unless the client offers UTF-8), its severity, the rule id
// as the code with a link to the rule's documentation, and the advice of
// its suggestion; it answers hover, formatting and range formatting (one
// disk spec), quick-fix code actions from the suggestions' edits, and
// completion inside disk spec strings.
//
// The JSON-RPC framing and dispatch are go.lsp.dev/jsonrpc2's; the
// package depends on no xldisk package but diag and release: the lint
// engine comes in through the Engine interface.
package lsp

import (
	"io"
	"time"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/release"
)

// Engine is what the server asks about a document. path is the file's
// path (from a file: URI; for another URI, the URI itself), src its
// current text. Every method must be safe for concurrent use and must not
// keep src. The server recovers a panic of an Engine method and treats it
// as "nothing to say", but an Engine should not panic.
type Engine interface {
	// Lint returns every finding of the document, each Range located in
	// the file (diag.Range File, Start and End: 1-based line, 1-based byte
	// column, byte offset) or nil. It honours # xldisk:ignore and the
	// .xldisk.yaml of the file's tree. Suggestion edits with file
	// positions (Edit.Range.Start/End and Edit.FileText) become quick
	// fixes.
	Lint(path string, src []byte) diag.List
	// Format returns the fmt rewrite of the document, or an error when
	// the file cannot be rewritten.
	Format(path string, src []byte) ([]byte, error)
	// Hover returns Markdown about the text at byte offset offset (a disk
	// spec: what libxl does with it) and the range it is about (nil: no
	// range), or ok false when there is nothing to say.
	Hover(path string, src []byte, offset int) (markdown string, r *diag.Range, ok bool)
}

// DefaultRulesURL is the page whose anchors ("#xld101") document the
// rules; a diagnostic's codeDescription links there.
const DefaultRulesURL = "https://github.com/xldisk/xldisk/blob/main/docs/rules.md"

// Options tune the server. The zero value is usable.
type Options struct {
	// Debounce is how long the server waits after a change before it
	// lints; 0 means 150ms. didOpen lints at once.
	Debounce time.Duration
	// RulesURL is the rules page for the diagnostics' codeDescription; ""
	// means DefaultRulesURL.
	RulesURL string
	// Xen is the release whose disk keywords completion offers (the zero
	// value is release.Default).
	Xen release.Version
	// MaxDocument is the largest document, in bytes, that is linted,
	// formatted or completed; 0 means 16 MiB. A larger one gets no
	// diagnostics.
	MaxDocument int
	// Log receives one line per problem the server meets (a panicking
	// engine, a bad message); nil discards them.
	Log io.Writer
	// Version is reported in serverInfo.
	Version string
}

func (o Options) debounce() time.Duration {
	if o.Debounce <= 0 {
		return 150 * time.Millisecond
	}
	return o.Debounce
}

func (o Options) rulesURL() string {
	if o.RulesURL == "" {
		return DefaultRulesURL
	}
	return o.RulesURL
}

func (o Options) maxDocument() int {
	if o.MaxDocument <= 0 {
		return 16 << 20
	}
	return o.MaxDocument
}
