package diskspec

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// specAST is the participle grammar of one disk-spec fragment:
//
//	Spec = Param* .
//
// a sequence of parameters (the scanner skips whitespace before a
// parameter). What each parameter is, libxlu's flex scanner decides by
// longest match, and so does ours (lexer.go); the actions in parse.go then
// apply the parameters in order, reporting those the syntax rejects.
type specAST struct {
	Params []lexer.Token `parser:"@( Param* )"`
}

var specParser *participle.Parser[specAST]

// The parser is built in init, after the lexer's symbol table, which the
// grammar refers to by name, has been initialised.
func init() {
	specParser = participle.MustBuild[specAST](
		participle.Lexer(specLexer{}),
	)
}
