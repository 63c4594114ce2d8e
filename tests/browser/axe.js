// axe-core (loaded into the page first) on the whole document: its serious and critical
// violations, one line each with up to two of the offending elements.
async () => (await axe.run(document, {resultTypes: ['violations']})).violations
  .filter(x => x.impact === 'serious' || x.impact === 'critical')
  .map(x => `${x.impact} ${x.id}: ${x.nodes.length} nodes, e.g. `
            + x.nodes.slice(0, 2).map(n => n.target.join(' ')).join(' | '))
