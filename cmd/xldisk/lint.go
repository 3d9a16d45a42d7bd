package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/xldisk/xldisk/config"
	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/internal/atomicfile"
	"github.com/xldisk/xldisk/internal/udiff"
	"github.com/xldisk/xldisk/release"
	"github.com/xldisk/xldisk/report"
	"github.com/xldisk/xldisk/walk"
	"github.com/xldisk/xldisk/xlfmt"
)

// lintFlags are the flags of lint.
type lintFlags struct {
	format, failOn, root, configFile, stdinName string
	selectRules, ignoreRules                    string
	fix, diff, verbose, forceExclude            bool
	df                                          *domainFlags
	xen                                         *xenFlag
}

// lintCommand is "xldisk lint". Exit status: 0 when no finding reaches
// --fail-on, 1 when one does, 2 for usage errors, a malformed
// .xldisk.yaml, or files that cannot be read. A directory with no config
// file in it gets a note on stderr but does not change the status.
func (a *app) lintCommand() *cobra.Command {
	f := &lintFlags{}
	c := &cobra.Command{
		Use:   "lint [flags] PATH...",
		Short: "check xl.cfg files and directories of them (text, json, sarif, github, gitlab or checkstyle output)",
		Long: `Lint xl.cfg files ("-" is the standard input). Directories are walked for *.cfg
files and other files with a "disk =" line, skipping dot-directories, the
exclude globs of .xldisk.yaml and INI files named *.cfg (setup.cfg: listed
with --verbose); a file named on the command line is always linted. Symbolic
links to files are followed, links to directories are not.

Suppress a finding with "# xldisk:ignore XLD123 -- reason" on its line or the
line above. Settings come from .xldisk.yaml in the current directory or the
nearest parent (or --config FILE); flags win over it.`,
		Example: `  xldisk lint /etc/xen
  xldisk lint --format=sarif --xen=4.17-4.22 . > xldisk.sarif
  xldisk lint --select=XLD2 --fail-on=warning vm.cfg
  xldisk lint --fix -d guests/
  cat vm.cfg | xldisk lint --stdin-filename=vm.cfg -`,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return a.printUsage(c)
			}
			return a.runLint(c, f, args)
		},
	}
	fs := c.Flags()
	fs.StringVar(&f.format, "format", "text", "output format: text, json, sarif, github, gitlab or checkstyle")
	fs.StringVar(&f.failOn, "fail-on", "error", "exit 1 when a finding is at least this severe: error, warning, info, or never")
	fs.StringVar(&f.root, "root", "", "directory that SARIF, GitLab and Checkstyle paths are relative to, the repository root (default: the current directory)")
	fs.StringVar(&f.configFile, "config", "", "read settings from this file instead of the nearest "+config.FileName)
	fs.StringVar(&f.stdinName, "stdin-filename", "", "name the standard input (\"-\") in findings and reports")
	fs.StringVar(&f.selectRules, "select", "", "report only these rules: ids or prefixes, comma-separated (XLD2,XLD310)")
	fs.StringVar(&f.ignoreRules, "ignore", "", "do not report these rules: ids or prefixes, comma-separated")
	fs.BoolVar(&f.fix, "fix", false, "apply the machine-applicable fixes of findings to the files (only fixes that re-read as promised)")
	fs.BoolVarP(&f.diff, "diff", "d", false, "with --fix: print the fixes as a unified diff instead of writing them")
	fs.BoolVarP(&f.verbose, "verbose", "v", false, "list every info finding (not only the first of each rule in a file), the *.cfg files a walk skipped and the fixes not applied; always print the text summary")
	fs.BoolVar(&f.forceExclude, "force-exclude", false, "skip named files too when excluded or INI-style *.cfg (for pre-commit, which names every file)")
	f.df = addDomainFlags(fs)
	f.xen = addXenFlag(fs, true)
	return c
}

// settings are the merged configuration of a lint or fmt run.
type settings struct {
	cfg    *config.Config
	filter config.Filter
	xen    []release.Version
	failOn config.FailOn
	opts   domain.Options
}

// loadConfig reads --config FILE or the nearest .xldisk.yaml ("" and nil
// when there is none).
func loadConfig(file string) (*config.Config, error) {
	if file == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, err
		}
		if file, err = config.Find(wd); err != nil || file == "" {
			return nil, err
		}
	}
	return config.Load(file)
}

// lintSettings merges .xldisk.yaml and the flags (which win).
func lintSettings(c *cobra.Command, f *lintFlags) (*settings, error) {
	cfg, err := loadConfig(f.configFile)
	if err != nil {
		return nil, err
	}
	s := &settings{cfg: cfg, failOn: config.FailOn{Min: diag.Error}}
	if cfg != nil {
		s.filter.Levels = cfg.Rules
		s.xen = cfg.Xen
		if cfg.FailOn != nil {
			s.failOn = *cfg.FailOn
		}
	}
	if c.Flags().Changed("fail-on") {
		if s.failOn, err = config.ParseFailOn(f.failOn); err != nil {
			return nil, usagef(c, "--fail-on: %v", err)
		}
	}
	if f.selectRules != "" {
		if s.filter.Select, err = config.ParseRuleList(f.selectRules); err != nil {
			return nil, usagef(c, "--select: %v", err)
		}
	}
	if f.ignoreRules != "" {
		if s.filter.Ignore, err = config.ParseRuleList(f.ignoreRules); err != nil {
			return nil, usagef(c, "--ignore: %v", err)
		}
	}
	if f.xen.set() {
		if s.xen, err = f.xen.releases(c); err != nil {
			return nil, err
		}
	}
	if len(s.xen) == 0 {
		s.xen = []release.Version{release.Default}
	}
	if err := f.df.apply(c, &s.opts); err != nil {
		return nil, err
	}
	return s, nil
}

// walkOptions are the walk's options under settings s.
func (a *app) walkOptions(s *settings, stdinName string, forceExclude bool) walk.Options {
	o := walk.Options{Limits: s.opts.Limits, Stdin: a.stdin, StdinName: stdinName, ForceExclude: forceExclude}
	if s.cfg != nil {
		o.Exclude = s.cfg.Excluded
	}
	return o
}

// noteWalk prints the walk's notes on stderr: directories without
// configs, and with verbose the skipped *.cfg files.
func (a *app) noteWalk(c *cobra.Command, res walk.Result, verbose bool) {
	for _, d := range res.Empty {
		a.errorf(c, "no xl config files found under %s", d)
	}
	if verbose {
		for _, s := range res.Skipped {
			a.errorf(c, "skipped %s: %s", s.Path, s.Reason)
		}
	}
}

func (a *app) runLint(c *cobra.Command, f *lintFlags, args []string) error {
	if _, err := report.Lookup(f.format); err != nil {
		return usagef(c, "--format: %v", err)
	}
	if f.diff && !f.fix {
		return usagef(c, "-d/--diff shows the fixes of --fix; add --fix")
	}
	s, err := lintSettings(c, f)
	if err != nil {
		return err
	}
	inputs, files := a.lintPaths(c, args, s, f)
	named := f.stdinName != ""
	for i := range files {
		files[i].Stdin = files[i].Stdin && !named
	}

	// --fix on the standard input prints the fixed input, not a report.
	stdinFixed := false
	if f.fix {
		changed := false
		for i, rf := range files {
			if rf.Err != nil {
				continue
			}
			// Each fix must read back as promised for the oldest
			// release judged (the most restrictive disk-spec syntax).
			fopts := s.opts
			fopts.Xen = s.xen[0]
			fr := xlfmt.Fix(rf.Path, rf.Src, rf.Diags, fopts)
			if f.verbose {
				for _, r := range fr.Refused {
					a.errorf(c, "fix not applied: %s: %s", report.Line(rf.Path, r.Diag, report.Meta{}), r.Reason)
				}
			}
			if f.diff {
				if len(fr.Applied) > 0 {
					changed = true
					fmt.Fprint(a.stdout, udiff.Unified(rf.Path, rf.Src, fr.Src))
				}
				continue
			}
			if inputs[i].Stdin {
				a.stdout.Write(fr.Src)
				stdinFixed = true
			} else if len(fr.Applied) > 0 {
				if err := atomicfile.Replace(rf.Path, rf.Src, fr.Src); err != nil {
					a.errorf(c, "%v", err)
					a.fail(2)
					continue
				}
				if f.verbose {
					a.errorf(c, "%s: applied %d fixes", rf.Path, len(fr.Applied))
				}
			}
			if len(fr.Applied) > 0 {
				// Report what is left.
				left := lintOneFile(walk.File{Path: rf.Path, Src: fr.Src}, s)
				left.Stdin = rf.Stdin
				files[i] = left
			}
		}
		if f.diff {
			if changed {
				a.fail(1)
			}
			for _, rf := range files {
				if rf.Err != nil {
					a.errorf(c, "%v", rf.Err)
					a.fail(2)
				}
			}
			return nil
		}
	}

	if !f.verbose {
		// One finding per info rule and file (the rest counted).
		for i := range files {
			files[i].Diags = collapse(files[i].Diags)
		}
	}
	if !stdinFixed {
		meta := report.Meta{ToolVersion: Version(), Xen: s.xen, Root: f.root, Verbose: f.verbose}
		if err := report.Write(a.stdout, f.format, files, meta); err != nil {
			a.errorf(c, "%v", err)
			a.fail(2)
			return nil
		}
	}
	for _, rf := range files {
		if rf.Err != nil {
			a.errorf(c, "%v", rf.Err)
			a.fail(2)
			continue
		}
		if s.failOn.Fails(rf.Diags) {
			a.fail(1)
		}
	}
	return nil
}

// lintPaths finds the files of the arguments and lints them, reading
// and linting each file on every core as the walk finds it; the results
// are in the walk's order. It prints the walk's notes on stderr.
func (a *app) lintPaths(c *cobra.Command, args []string, s *settings, f *lintFlags) ([]walk.File, []report.File) {
	wopts := a.walkOptions(s, f.stdinName, f.forceExclude)
	pl := walk.MakePlan(args, wopts)
	n := len(pl.Candidates)
	in := make([]walk.File, n)
	kept := make([]bool, n)
	skips := make([]string, n)
	out := make([]report.File, n)
	walk.Parallel(n, func(i int) {
		in[i], kept[i], skips[i] = wopts.Take(pl.Candidates[i])
		if kept[i] {
			out[i] = lintOneFile(in[i], s)
		}
	})
	notes := walk.Result{Skipped: pl.Skipped, Empty: pl.Empty(args, kept)}
	var inputs []walk.File
	var files []report.File
	for i := range in {
		switch {
		case kept[i]:
			inputs = append(inputs, in[i])
			files = append(files, out[i])
		case skips[i] != "":
			notes.Skipped = append(notes.Skipped, walk.Skipped{Path: pl.Candidates[i].Path, Reason: skips[i]})
		}
	}
	a.noteWalk(c, notes, f.verbose)
	return inputs, files
}

// lintOneFile lints one file against every release of s (a finding of
// some releases only carries them) and applies the rule filter.
func lintOneFile(f walk.File, s *settings) report.File {
	// Stdin is cleared by the caller when the standard input has a name.
	rf := report.File{Path: f.Path, Src: f.Src, Err: f.Err, Stdin: f.Stdin}
	if f.Err != nil {
		return rf
	}
	r := lintFile(f.Path, f.Src, s.opts, s.xen)
	if r.Err != nil {
		rf.Err = r.Err
		return rf
	}
	rf.Suppressed = r.Suppressed
	rf.Diags = s.filter.Apply(r.Diags)
	return rf
}
