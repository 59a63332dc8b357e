// Sessions for the fuzzer to act in: a programme manager of the demo and a council member of a
// council of their programme, printed as JSON cookies ({ manager, member }).
import { post, signIn, newCouncil, newMember, MANAGERS } from "../api/client.mjs";

await post("/api/demo");
const manager = await signIn(MANAGERS.kpo);
const council = await newCouncil(manager, "Fuzzed council");
const member = await newMember(manager, council.id, "Fuzzed member");
console.log(JSON.stringify({ manager, member: member.cookie }));
