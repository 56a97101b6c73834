// Renders TeX to static HTML with KaTeX. One JSON request per line on stdin — a list of
// formulas, [{"tex": "...", "display": true}, …] (a page's worth at once) — and one JSON answer
// per line on stdout: the list of results, each {"html": …} or {"error": …}.
"use strict";
const path = require("path");
const readline = require("readline");
const katex = require(path.resolve(process.argv[2]));

const ANNOTATION = /<annotation encoding="application\/x-tex">[\s\S]*?<\/annotation>/g;

function render({ tex, display }) {
  try {
    return {
      html: katex.renderToString(tex, {
        displayMode: display,
        output: "htmlAndMathml", // MathML for screen readers (the visible HTML is aria-hidden)
        throwOnError: true,
        strict: "ignore", // Chinese inside \text{} is fine
        trust: false,
      }).replace(ANNOTATION, ""), // the TeX again: weight, and text in the printed PDF
    };
  } catch (e) {
    return { error: String(e && e.message ? e.message : e) };
  }
}

const rl = readline.createInterface({ input: process.stdin, terminal: false });
rl.on("line", (line) => {
  process.stdout.write(JSON.stringify(JSON.parse(line).map(render)) + "\n");
});
