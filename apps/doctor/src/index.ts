/**
 * @clawdbot-auth/doctor: finds, explains and repairs what breaks model auth.
 * The only public surface of the package.
 */
export * from './checks/index.js';
export { type DoctorCommandOutcome, type DoctorFlags, doctorCommand } from './doctor-command.js';
export { DoctorError, type DoctorErrorCode } from './errors.js';
export { DOCTOR_JSON_VERSION, type DoctorJson, renderText, summaryLine, toJson } from './render.js';
export { runDoctor } from './run-doctor.js';
export { DoctorState } from './state.js';
export * from './types.js';
