// The network view of `kgbuild serve`: people and organisations from people.gexf, drawn by sigma.js.
// Bundled by esbuild into kg/web/static/network.bundle.js (`npm run build`, run by `make install`).
import Graph from "graphology";
import { parse } from "graphology-gexf/browser";
import forceAtlas2 from "graphology-layout-forceatlas2";
import Sigma from "sigma";

const FONT = 'system-ui, "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';

async function draw(container, status) {
  const response = await fetch(container.dataset.src);
  if (!response.ok) throw new Error(`${container.dataset.src}: ${response.status} ${await response.text()}`);
  const graph = parse(Graph, await response.text(), { allowUndeclaredAttributes: true });
  // GEXF's `type` attribute (Person, Organization, the relation) is not a sigma program name.
  graph.updateEachNodeAttributes((node, a) => {
    const { type, ...rest } = a;
    return { ...rest, kind: type, size: a.size || 4, color: a.color || "#999" };
  });
  graph.updateEachEdgeAttributes((edge, a) => {
    const { type, ...rest } = a;
    return { ...rest, kind: type, size: Math.min(1 + Math.log2(a.weight || 1), 6), color: "#ccc" };
  });
  // The same start every time (nodes on a circle in id order), so the same drawing.
  const nodes = graph.nodes().sort();
  nodes.forEach((node, i) => {
    const angle = (2 * Math.PI * i) / Math.max(nodes.length, 1);
    graph.mergeNodeAttributes(node, { x: Math.cos(angle), y: Math.sin(angle) });
  });
  if (graph.order > 1) {
    forceAtlas2.assign(graph, { iterations: 150, settings: forceAtlas2.inferSettings(graph) });
  }
  const renderer = new Sigma(graph, container, { labelFont: FONT, labelRenderedSizeThreshold: 6 });
  renderer.on("clickNode", ({ node }) => { window.location.href = "/" + node; });
  renderer.on("enterNode", () => { container.style.cursor = "pointer"; });
  renderer.on("leaveNode", () => { container.style.cursor = ""; });
  status.textContent = `${graph.order} people and organisations, ${graph.size} links.`;
  container.dataset.drawn = String(graph.order);
  window.kgbuildNetwork = { graph, renderer };
}

const container = document.getElementById("network");
const status = document.getElementById("network-status");
if (container) {
  draw(container, status).catch((error) => {
    status.textContent = `The network could not be drawn: ${error.message}`;
    console.error(error);
  });
}
