/** Tests use the local tools' free-port helper. */
export { freePort } from '../../tools/stack/ports';
