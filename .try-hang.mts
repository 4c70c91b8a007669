import http from "node:http";
import { UpstashRateLimiter } from "./lib/ratelimit/upstash";
let open = 0;
const s = http.createServer(() => {});
s.on("connection", (c) => { open++; c.on("close", () => open--); });
await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${(s.address() as any).port}`;
const l = new UpstashRateLimiter({ url, token: "t", timeoutMs: 300 });
const t0 = Date.now();
for (let i = 0; i < 5; i++) { try { await l.hit({ name: "x", limit: 3, windowMs: 60000 }, "k" + i); } catch (e) { console.log((e as Error).name, String((e as any).cause), Date.now() - t0); } }
await new Promise((r) => setTimeout(r, 1500));
console.log("open sockets on hanging server 1.5s later:", open);
s.closeAllConnections(); s.close();
