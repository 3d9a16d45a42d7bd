package main

import (
	"errors"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/xldisk/xldisk/config"
	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/explain"
	"github.com/xldisk/xldisk/lint"
	"github.com/xldisk/xldisk/lsp"
	"github.com/xldisk/xldisk/xlcfg"
	"github.com/xldisk/xldisk/xlfmt"
)

// lspCommand is "xldisk lsp": the language server (LSP 3.17 over stdin
// and stdout), which editors start with no arguments.
func (a *app) lspCommand() *cobra.Command {
	var df *domainFlags
	var xen *xenFlag
	c := &cobra.Command{
		Use:   "lsp [--xen=VERSION] [--dialect=...] [--probe-host]",
		Short: "language server for xl configs (LSP 3.17 over stdin and stdout)",
		Long: `Serve the Language Server Protocol on stdin and stdout: lint findings as
diagnostics (with the .xldisk.yaml of each file's tree), fmt as formatting,
quick fixes from the findings' machine-applicable edits, explain as hover, and
completion in disk specs. Editors start it with no arguments; see
docs/editors.md.`,
		Args: noArgs,
		RunE: func(c *cobra.Command, args []string) error {
			var opts domain.Options
			if err := df.apply(c, &opts); err != nil {
				return err
			}
			v, err := xen.one(c)
			if err != nil {
				return err
			}
			opts.Xen = v
			err = lsp.Serve(c.Context(), a.stdin, a.stdout, lspEngine{opts: opts},
				lsp.Options{Log: a.stderr, Xen: opts.Xen, Version: Version()})
			switch {
			case errors.Is(err, lsp.ErrNoShutdown):
				a.fail(1) // the protocol's status for exit without shutdown
			case err != nil:
				a.errorf(c, "%v", err)
				a.fail(1)
			}
			return nil
		},
	}
	df = addDomainFlags(c.Flags())
	xen = addXenFlag(c.Flags(), false)
	return c
}

// lspEngine is lsp.Engine over lint, fmt and explain.
type lspEngine struct{ opts domain.Options }

// Lint lints the document as "xldisk lint" does, with the rules of the
// .xldisk.yaml of its tree (and its xen: release when it names one).
func (e lspEngine) Lint(path string, src []byte) diag.List {
	opts := e.opts
	var filter config.Filter
	if file, err := config.Find(filepath.Dir(path)); err == nil && file != "" {
		if cfg, err := config.Load(file); err == nil {
			filter.Levels = cfg.Rules
			if len(cfg.Xen) == 1 && opts.Xen.IsZero() {
				opts.Xen = cfg.Xen[0]
			}
		}
	}
	return filter.Apply(lint.Config(path, src, opts).Diags)
}

// Format is the fmt rewrite. Specs it refuses are left as they are (they
// are lint findings already), so only a file that does not parse is an
// error.
func (e lspEngine) Format(path string, src []byte) ([]byte, error) {
	out, _, err := xlfmt.Format(path, src, e.opts)
	return out, err
}

// Hover is the explanation of the disk spec under the cursor, for the
// domain the file describes, with the spec's range.
func (e lspEngine) Hover(path string, src []byte, off int) (string, *diag.Range, bool) {
	f, err := xlcfg.ParseWith(path, src, e.opts)
	if err != nil {
		return "", nil, false
	}
	specs, err := f.DiskSpecs()
	if err != nil {
		return "", nil, false
	}
	var all []string
	for _, ds := range specs {
		if !ds.Ignored {
			all = append(all, ds.Spec)
		}
	}
	for _, ds := range specs {
		v := ds.Value
		if ds.Ignored || off < v.Pos.Offset || off > v.End.Offset {
			continue
		}
		judged := lint.Config(path, src, e.opts).Options
		md := explain.Domain(all, judged).Markdown(ds.Index)
		r := diag.InFile(path, diag.Pos{Line: v.Pos.Line, Column: v.Pos.Column, Offset: v.Pos.Offset},
			diag.Pos{Line: v.End.Line, Column: v.End.Column, Offset: v.End.Offset})
		r.Disk = ds.Index
		return md, r, md != ""
	}
	return "", nil, false
}
