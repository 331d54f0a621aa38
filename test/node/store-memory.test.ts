import { memoryStore } from '../../src/server-adapter/store/memory-store.js';
import { storeConformance } from '../../src/server-adapter/testing/store-conformance.js';

storeConformance('memoryStore', () => memoryStore());
