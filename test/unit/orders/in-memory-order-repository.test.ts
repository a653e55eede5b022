import { describeOrderRepositoryContract } from '../../contract/order-repository.contract';
import { InMemoryOrderRepository } from '../../support/in-memory-order-repository';

describeOrderRepositoryContract('in-memory fake', async () => ({ repository: new InMemoryOrderRepository() }));
