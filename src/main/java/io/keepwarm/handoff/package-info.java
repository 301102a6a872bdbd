/**
 * The hand-off to sales: when a contact becomes MQL, a rep is chosen (the owner, a territory, or a weighted
 * round-robin past reps who are away), alerted and given a task with the context; the rep accepts (SQL, out of
 * nurture) or rejects with a reason (back to nurture); overdue hand-offs escalate once. Also the users' alerts.
 */
package io.keepwarm.handoff;
