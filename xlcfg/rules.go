package xlcfg

import "github.com/xldisk/xldisk/diag"

// rejects starts the explanation of the rules about files libxlu refuses.
const rejects = "libxlu (xl's config reader) rejects the whole file, so xl create fails before looking at any disk. "

// The rules of the diagnostics xlcfg makes.
var (
	// RuleSyntax (XLD300) is every reason libxlu refuses a file: a
	// lexical or syntax error, a "+=" of the wrong kind, or a limit.
	RuleSyntax = diag.Register(diag.Rule{ID: "XLD300", Severity: diag.Error, Summary: "xl.cfg syntax error",
		Why: rejects + "Names are lower case ([a-z][._0-9a-z]*), values are quoted strings, numbers or [ lists ], " +
			"statements end with a newline or ';', strings end on their line, and there is no Python any more.",
		Bad:  "type = \"hvm\"\ndisk = [ '/dev/vg/a,raw,hda,rw' '/dev/vg/b,raw,hdb,rw' ]",
		Good: "type = \"hvm\"\ndisk = [ '/dev/vg/a,raw,hda,rw', '/dev/vg/b,raw,hdb,rw' ]"})

	// RuleOctalEscape (XLD301) is the quirk of an octal escape, which
	// libxlu drops.
	RuleOctalEscape = diag.Register(diag.Rule{ID: "XLD301", Severity: diag.Warning, Summary: "octal escape dropped by libxlu",
		Why: "libxlu's string dequoting accepts a backslash followed by an octal digit, then lets strtoul (base 10!) " +
			"swallow up to three more bytes and never stores the result: the escape and those bytes vanish from the value. " +
			"Write the character itself.",
		Bad:  "disk = [ '/srv/img\\101.img,raw,xvda,rw' ]",
		Good: "disk = [ '/srv/imgA.img,raw,xvda,rw' ]"})

	// RuleStrayByte (XLD302) is the quirk of a bad last byte, which
	// libxlu ignores.
	RuleStrayByte = diag.Register(diag.Rule{ID: "XLD302", Severity: diag.Warning, Summary: "stray byte at the end of the file ignored",
		Why: "A byte that is a lexical error anywhere else (such as a lone quote, '+' or a carriage return) is silently " +
			"ignored by libxlu when it is the very last byte of the file, so a truncated or DOS-edited file can still load. " +
			"Remove it; the next edit of the file will otherwise turn it into a syntax error.",
		Bad:  "disk = [ '/dev/vg/a,raw,xvda,rw' ]\n'",
		Good: "disk = [ '/dev/vg/a,raw,xvda,rw' ]\n"})

	// RuleDiskNotList (XLD303) is File.DiskSpecs' error: disk is a single
	// value, which xl ignores.
	RuleDiskNotList = diag.Register(diag.Rule{ID: "XLD303", Severity: diag.Error, Summary: "disk is not a list",
		Why: "xl reads disk with xlu_cfg_get_list; a single string only gets the warning \"parameter `disk' is a single value " +
			"but should be a list\" and the domain is created with no disks at all.",
		Bad:  "disk = '/dev/vg/a,raw,xvda,rw'",
		Good: "disk = [ '/dev/vg/a,raw,xvda,rw' ]"})
)
