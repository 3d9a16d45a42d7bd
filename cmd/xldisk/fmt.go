package main

import (
	"bytes"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/internal/atomicfile"
	"github.com/xldisk/xldisk/internal/udiff"
	"github.com/xldisk/xldisk/walk"
	"github.com/xldisk/xldisk/xlfmt"
)

// fmtCommand is "xldisk fmt [-w|-d|-l|--check] PATH...". Without a mode
// flag it prints the formatted files. Exit status: 0 done (nothing would
// change, for -l, -d and --check), 1 a file would change (-l, -d,
// --check) or a file or spec it refuses to rewrite (nothing is written
// for that file), 2 usage errors or unreadable files.
func (a *app) fmtCommand() *cobra.Command {
	var write, diff, list, check, verbose, forceExclude bool
	var configFile, stdinName string
	var xen *xenFlag
	c := &cobra.Command{
		Use:   "fmt [-w|-d|-l|--check] PATH...",
		Short: "rewrite the disk specs of xl.cfg files in canonical keyword form",
		Long: `Rewrite every disk spec of xl.cfg files into the canonical keyword form,
keeping every other byte ("-" is the standard input; directories are walked as
lint walks them). A spec that does not parse, or whose canonical form would
not read back as the same disk, is left alone and reported.

-w writes each changed file through a temporary file in the same directory,
synced and renamed over it, keeping its mode and owner and writing through a
symbolic link to its target; a file changed since it was read is not
overwritten. -l, -d and --check exit 1 when a file would change.

Specs are read as the libxlu of --xen reads them (or the one xen release of
.xldisk.yaml; default the newest known).`,
		Example: "  xldisk fmt -d guests/\n  xldisk fmt --check .   # in CI\n  xldisk fmt -w vm.cfg",
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return a.printUsage(c)
			}
			n := 0
			for _, b := range []bool{write, diff, list, check} {
				if b {
					n++
				}
			}
			if n > 1 {
				return usagef(c, "-w, -d, -l and --check are exclusive")
			}
			v, err := xen.one(c)
			if err != nil {
				return err
			}
			opts := domain.Options{Xen: v}
			cfg, err := loadConfig(configFile)
			if err == nil && cfg != nil && !xen.set() && len(cfg.Xen) == 1 {
				opts.Xen = cfg.Xen[0]
			}
			if err != nil {
				return err
			}
			s := &settings{cfg: cfg}
			w := walk.Paths(args, a.walkOptions(s, stdinName, forceExclude))
			a.noteWalk(c, w, verbose)
			for _, f := range w.Files {
				if f.Err != nil {
					a.errorf(c, "%v", f.Err)
					a.fail(2)
					continue
				}
				if f.Stdin && write {
					a.errorf(c, "-w cannot write the standard input")
					a.fail(2)
					continue
				}
				out, refusals, err := xlfmt.Format(f.Path, f.Src, opts)
				if err != nil {
					a.errorf(c, "%v", err)
					a.fail(1)
					continue
				}
				if len(refusals) > 0 {
					for _, r := range refusals {
						a.errorf(c, "%s: cannot rewrite the disk spec: %s", r.Range, r.Error())
					}
					a.errorf(c, "%s left unchanged", f.Path)
					a.fail(1)
					continue
				}
				changed := !bytes.Equal(f.Src, out)
				switch {
				case list:
					if changed {
						fmt.Fprintln(a.stdout, f.Path)
						a.fail(1)
					}
				case check:
					if changed {
						a.errorf(c, "%s is not formatted", f.Path)
						a.fail(1)
					}
				case diff:
					if changed {
						fmt.Fprint(a.stdout, udiff.Unified(f.Path, f.Src, out))
						a.fail(1)
					}
				case write:
					if changed {
						if err := atomicfile.Replace(f.Path, f.Src, out); err != nil {
							a.errorf(c, "%v", err)
							a.fail(2)
						}
					}
				default:
					a.stdout.Write(out)
				}
			}
			return nil
		},
	}
	fs := c.Flags()
	fs.BoolVarP(&write, "write", "w", false, "write the result back to each file instead of printing it")
	fs.BoolVarP(&diff, "diff", "d", false, "print a unified diff of the changes instead of the files (exit 1 if any)")
	fs.BoolVarP(&list, "list", "l", false, "list the files whose formatting would change (exit 1 if any)")
	fs.BoolVar(&check, "check", false, "print nothing on stdout; name each file that would change on stderr and exit 1")
	fs.BoolVarP(&verbose, "verbose", "v", false, "list the *.cfg files a walk skipped")
	fs.BoolVar(&forceExclude, "force-exclude", false, "skip named files too when excluded or INI-style *.cfg (for pre-commit, which names every file)")
	fs.StringVar(&configFile, "config", "", "read exclude globs from this file instead of the nearest .xldisk.yaml")
	fs.StringVar(&stdinName, "stdin-filename", "", "name the standard input (\"-\") in messages")
	xen = addXenFlag(fs, false)
	return c
}
